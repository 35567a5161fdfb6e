import Taro from '@tarojs/taro'

/** A red-confirm dialog for an action that cannot be undone (revoke a code, void a paper). */
export async function confirmDestructive(opts: { title: string; content: string; confirmText: string; cancelText: string }): Promise<boolean> {
  try {
    const r = await Taro.showModal({ ...opts, confirmColor: '#b3261e' })
    return !!r.confirm
  } catch {
    return false
  }
}
