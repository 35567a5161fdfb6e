/**
 * Waits until the app's background work (the purpose-credential top-up that a claim or a sync
 * starts on its own) has finished. Component tests call it in afterEach before they sign out and
 * reset the simulator: a request still in flight would otherwise land in the next test's fresh
 * simulator (it registered the previous test's phone as "another device", and the wallet then
 * offered 欢迎回来 instead of the claim list: the CI failure of session 5).
 */
import { presentationStore, walletStore } from '../../src/store'

export async function settleAppStores(timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now()
  while (presentationStore.getState().fetching || walletStore.getState().busy !== null) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`background work still running after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
