import { useEffect, useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import { useWallet, walletStore } from '../../store'
import { AUTO_LOCK_CHOICES } from '../../store/schema'
import { biometric } from '../../services/auth/biometric'
import { errorText } from '../../components/errorText'
import { PinSetup } from '../../components/PinSetup'
import { UnlockPanel } from '../../components/UnlockPanel'
import type { ErrorCode } from '../../services/errors'
import { a11y } from '../../components/a11y'
import '../../components/lock.css'

const AUTO_LOCK_TEXT: Record<number, string> = { 60: '1 分钟', 180: '3 分钟', 300: '5 分钟', 900: '15 分钟', 0: '仅在关闭时' }

function SecuritySettings() {
  const autoLock = useWallet((s) => s.autoLockSeconds)
  const bioOn = useWallet((s) => !!s.lock?.bio)
  const [bioAvailable, setBioAvailable] = useState(false)
  const [error, setError] = useState<ErrorCode | null>(null)
  useEffect(() => {
    void biometric.supported().then((m) => setBioAvailable(m !== null))
  }, [])
  const toggleBio = async () => {
    const r = await walletStore.getState().setBiometric(!bioOn)
    setError(r.ok ? null : (r.code ?? 'ERR_UNKNOWN'))
  }
  return (
    <View className='lockpanel'>
      <Text className='pinpad__title'>安全设置</Text>
      <Text className='pinpad__hint'>多久不操作后自动锁定（锁定后查看完整信息、亮证需要再输入密码）</Text>
      {AUTO_LOCK_CHOICES.map((s) => (
        <Button key={s} className={'bio-btn' + (s === autoLock ? ' autolock--on' : '')} onClick={() => walletStore.getState().setAutoLock(s)}>
          {s === autoLock ? '✓ ' : ''}
          {AUTO_LOCK_TEXT[s]}
        </Button>
      ))}
      {bioAvailable ? (
        <Button className='bio-btn' onClick={toggleBio}>
          {bioOn ? '关闭指纹/面容解锁' : '开启指纹/面容解锁'}
        </Button>
      ) : (
        <Text className='pinpad__hint'>本机不支持指纹或面容解锁，请使用密码。</Text>
      )}
      {error ? <Text className='lockmsg lockmsg--error'>{errorText(error)}</Text> : null}
    </View>
  )
}

/**
 * The lock on the home page: first run → choose a PIN (before anything is claimed); locked → a
 * bar that opens the PIN pad; unlocked → lock now, and the security settings.
 */
export function LockBar() {
  const lockSet = useWallet((s) => s.lock !== null)
  const holder = useWallet((s) => s.holder)
  const locked = useWallet((s) => s.locked)
  const [open, setOpen] = useState(false)
  const [settings, setSettings] = useState(false)
  const [justSet, setJustSet] = useState(false)

  if (!lockSet) {
    return (
      <View>
        <Text className='pinpad__hint'>{holder ? '为保护您的证照，请先设置密码。' : '欢迎使用证照夹。第一步：设置密码，保护您的证照。'}</Text>
        <PinSetup onDone={() => setJustSet(true)} />
      </View>
    )
  }
  const done = justSet ? (
    <Text className='lockmsg lockmsg--ok' {...a11y('status')} onClick={() => setJustSet(false)}>
      密码设置成功。请记住它：打开证照、亮证和医保支付时都要用。
    </Text>
  ) : null
  if (!holder) return done
  if (locked) {
    return open ? (
      <UnlockPanel reason='输入密码后可以查看完整信息、亮证' onUnlocked={() => setOpen(false)} onCancel={() => setOpen(false)} />
    ) : (
      <View className='lockbar'>
        <Text className='lockbar__text'>已锁定，敏感信息已隐藏</Text>
        <Text className='lockbar__btn' {...a11y('button', '输入密码解锁')} onClick={() => setOpen(true)}>
          输入密码解锁
        </Text>
      </View>
    )
  }
  return (
    <View>
      {done}
      <View className='lockbar'>
        <Text className='lockbar__text'>已解锁</Text>
        <Text className='lockbar__btn' {...a11y('button', '安全设置')} onClick={() => setSettings((v) => !v)}>
          安全设置
        </Text>
        <Text className='lockbar__btn' {...a11y('button', '立即锁定')} onClick={() => walletStore.getState().lockNow()}>
          立即锁定
        </Text>
      </View>
      {settings ? <SecuritySettings /> : null}
    </View>
  )
}
