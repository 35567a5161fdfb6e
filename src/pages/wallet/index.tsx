import { useEffect, useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { View, Text, Button, Input } from '@tarojs/components'
import { useStore } from 'zustand'
import { deviceStore, settingsStore, useWallet, walletStore } from '../../store'
import { otherDevices, thisDeviceId } from '../../store/deviceStore'
import CarePage, { useCareMode } from '../../components/CarePage'
import { presentablePurposes } from '../../store/presentationCore'
import type { StoredCredential, CardStatus } from '../../store/schema'
import { certRegistry } from '../../certs/registry'
import { displayField } from '../../certs/mask'
import { errorText } from '../../components/errorText'
import { asOfText } from '../../components/timeText'
import ShareEntry from './ShareEntry'
import { cardDetailUrl, shareCheckUrl } from '../../components/routes'
import { useAutoLock, noteActivity } from '../../components/useAutoLock'
import { LockBar } from './LockBar'
import { UnlockPanel } from '../../components/UnlockPanel'
import { MedpayEntry } from './MedpayEntry'
import { FamilyCards, FAMILY_URL } from './FamilyCards'
import { DemoPeople } from './DemoPeople'
import './index.css'
import { ErrorAlert } from '../../components/ErrorAlert'
import { IdText } from '../../components/IdText'
import { a11y } from '../../components/a11y'
import { OfflineOriginNote } from '../../components/OfflineOriginNote'
import { PinReset } from './PinReset'
import { usePrepaint } from './usePrepaint'
import { ONLINE_REQUEST_PAGE } from '../../subpackages/online/routes'

const STATUS_TEXT: Record<CardStatus, string> = {
  valid: '有效',
  expired: '已过期',
  revoked: '已注销',
  suspended: '暂停使用',
  superseded: '已更新'
}

/** Home-page groups in the order their first kind appears in the registry (a new group needs no list). */
const GROUP_ORDER = [...new Set(certRegistry.modules.map((m) => m.design.group))]

/** 用证事由 sent for certificates that ask for one when the wallet is restored on a new phone. */
const RESTORE_PURPOSE = '在新手机上恢复证照'

/** Holder pages in the `subpackages/holder` subpackage (not every holder opens them). */
const USAGE_URL = '/subpackages/holder/pages/usage/index'
const DEVICES_URL = '/subpackages/holder/pages/devices/index'

/** One card; the card itself takes the tap (no wrapper: each nesting level is a set of templates in WeChat's base.wxml). */
function Card({ c, onOpen }: { c: StoredCredential; onOpen: () => void }) {
  const module = certRegistry.find(c.kind)
  if (!module) return null
  const title = displayField(module, module.design.titleField, c.claims[module.design.titleField], { revealed: false })
  return (
    <View className={`card card--${c.status}`} data-tap={c.certId} style={{ background: module.design.background, color: module.design.foreground }} onClick={onOpen}>
      <View className='card__head'>
        <Text className='card__label'>{module.label}</Text>
        <Text className={`badge badge--${c.status}`}>{module.statusWords?.[c.status] ?? STATUS_TEXT[c.status]}</Text>
      </View>
      <Text className='card__title'>{title}</Text>
      {module.design.summaryFields.map((f) => {
        const spec = module.fields.find((x) => x.name === f)
        if (!spec || c.claims[f] === undefined) return null
        return (
          <View className='card__row care-hide' key={f}>
            <Text className='card__key'>{spec.label}</Text>
            <IdText className='card__value' mask={spec.mask} value={displayField(module, f, c.claims[f], { revealed: false })} />
          </View>
        )
      })}
      <View className='card__foot'>
        <Text className='card__issuer'>{c.issuerName}</Text>
        <Text className='card__verified'>{c.status === 'valid' ? '真实有效' : '来源可靠'} · 截至 {asOfText(c.checkedAt)}</Text>
      </View>
      {c.updated ? (
        <Text className='card__note card__note--updated'>信息已更新：{c.updated.fields.map((f) => f.label).join('、')}（点开查看）</Text>
      ) : c.replacedCertId ? (
        <Text className='card__note'>已更新为新版本证照</Text>
      ) : null}
    </View>
  )
}

function ClaimStart() {
  const busy = useWallet((s) => s.busy)
  const error = useWallet((s) => s.error)
  const retryAfter = useWallet((s) => s.errorRetryAfter)
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const start = (n: string, id: string) => walletStore.getState().beginFaceCheck(n, id)
  return (
    <View className='panel'>
      <Text className='panel__title'>领取电子证照</Text>
      <Text className='panel__text'>先进行实名认证（人脸核验），再从政务服务平台领取您的证照。</Text>
      <Input className='input' placeholder='姓名' ariaLabel='姓名' value={name} onInput={(e) => setName(e.detail.value)} />
      <Input className='input' placeholder='身份证号码' ariaLabel='身份证号码' maxlength={18} value={idNumber} onInput={(e) => setIdNumber(e.detail.value)} />
      <ErrorAlert block='alert' code={error} retryAfterSeconds={retryAfter} onClick={() => walletStore.getState().clearError()} />
      <Button className={'btn btn--primary' + (busy === 'face' || !name || !idNumber ? ' btn--off' : '')} disabled={busy === 'face' || !name || !idNumber} onClick={() => start(name, idNumber)}>
        开始人脸核验
      </Button>
      <DemoPeople busy={busy === 'face'} onPick={start} />
    </View>
  )
}

function FaceCheck() {
  const busy = useWallet((s) => s.busy)
  const resetting = useWallet((s) => s.pinReset === 'face')
  return (
    <View className='panel'>
      <Text className='panel__title'>{resetting ? '忘记密码：刷脸确认是本人' : '人脸核验'}</Text>
      <Text className='panel__text'>请正对屏幕，保持光线充足。（模拟微信/支付宝刷脸：选择核验结果；通过时由模拟平台出具一次性核验凭据）</Text>
      <Button className={'btn btn--primary' + (busy === 'face' ? ' btn--off' : '')} disabled={busy === 'face'} onClick={() => walletStore.getState().finishFaceCheck(true)}>
        模拟核验通过
      </Button>
      <Button className={'btn' + (busy === 'face' ? ' btn--off' : '')} disabled={busy === 'face'} onClick={() => walletStore.getState().finishFaceCheck(false)}>
        模拟核验失败
      </Button>
      <Button className='btn btn--link' onClick={() => walletStore.getState().cancelFaceCheck()}>
        取消，返回上一步
      </Button>
    </View>
  )
}

function ClaimList() {
  const available = useWallet((s) => s.available)
  const credentials = useWallet((s) => s.credentials)
  const busy = useWallet((s) => s.busy)
  const progress = useWallet((s) => s.claimProgress)
  const error = useWallet((s) => s.error)
  const retryAfter = useWallet((s) => s.errorRetryAfter)
  // A card replaced by a reissue counts as held: its old version is not offered again.
  const have = new Set(credentials.flatMap((c) => (c.replacedCertId ? [c.certId, c.replacedCertId] : [c.certId])))
  const claimable = claimableOf(available, have)
  const [purpose, setPurpose] = useState('')
  const needsPurpose = claimable.some((a) => a.purposeRequired)
  const failures = progress?.failures ?? []
  // The first claim's errors show here, by the button pressed (the top of the page may be scrolled
  // away); later ones show by the sync button.
  const nearError =
    error && credentials.length === 0 && busy === null ? (
      <ErrorAlert block='alert' className='alert--near' code={error} retryAfterSeconds={retryAfter} onClick={() => walletStore.getState().clearError()} />
    ) : null
  if (available.length === 0 && credentials.length === 0 && nearError) {
    return (
      <View className='panel'>
        {nearError}
        <Button className='btn btn--primary' onClick={() => void walletStore.getState().loadAvailable()}>
          重新查询我的证照
        </Button>
      </View>
    )
  }
  // Everything claimed: the list has done its job (fewer controls on the home page).
  if (available.length === 0 || (claimable.length === 0 && failures.length === 0 && credentials.length > 0)) return null
  // Cards held already and a sync found more (issued since the first claim): only the new ones.
  const discovered = credentials.length > 0 && claimable.length > 0
  const rows = discovered ? claimable : available
  return (
    <View className={'panel' + (discovered ? ' panel--new' : '')}>
      <Text className='panel__title'>{discovered ? `新证照可领取（${claimable.length}）` : `可领取的证照（${claimable.length}）`}</Text>
      {discovered ? <Text className='panel__text'>发证机关新签发了证照，领取后即可使用。</Text> : null}
      {rows.map((a) => (
        <View className='claim-row' key={a.certId}>
          <Text className='claim-row__title'>{a.title}</Text>
          <Text className='claim-row__issuer'>{a.issuerName}</Text>
          <Text className={`badge badge--${a.status}`}>{have.has(a.certId) ? '已领取' : STATUS_TEXT[a.status]}</Text>
          {a.purposeRequired ? <Text className='claim-row__note'>需填写用证事由</Text> : null}
        </View>
      ))}
      {needsPurpose ? <Input className='input' placeholder='用证事由（如：求职学历核验）' value={purpose} onInput={(e) => setPurpose(e.detail.value)} /> : null}
      {claimable.length > 0 ? (
        <Button
          className={'btn btn--primary' + (busy === 'claim' ? ' btn--off' : '')}
          disabled={busy === 'claim'}
          onClick={() => walletStore.getState().claim(claimable.filter((a) => !a.purposeRequired || purpose.trim()).map((a) => a.certId), purpose)}
        >
          {busy === 'claim' ? `正在下载并核对 ${progress?.done ?? 0}/${progress?.total ?? 0}` : progress?.pending.length ? '稍后再试：领取其余证照' : '全部领取'}
        </Button>
      ) : null}
      <ClaimStop />
      {nearError}
      {failures.length > 0 ? (
        <View className='alert'>
          {failures.map((f) => (
            <Text key={f.certId} className='alert__text'>
              {f.title}未添加：{errorText(f.code)}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  )
}

/**
 * While a claim runs: 取消 (what arrived stays). After a claim that stopped early (its time limit,
 * or 取消): which certificates did not arrive, in plain words; the claim button then offers the rest.
 */
function ClaimStop() {
  const busy = useWallet((s) => s.busy)
  const progress = useWallet((s) => s.claimProgress)
  if (busy === 'claim') {
    return (
      <Button className='btn' onClick={() => walletStore.getState().cancelClaim()}>
        取消
      </Button>
    )
  }
  if (!progress?.stopped || progress.pending.length === 0) return null
  const names = progress.pending.map((p) => p.title).join('、')
  const kept = progress.done - progress.failures.length
  const why = progress.stopped === 'cancelled' ? '已取消。' : '服务暂时没有回应。'
  const message = `${why}${names}还没有下载下来${kept > 0 ? `；已下载的 ${kept} 张证照已保存` : ''}。可以稍后再试。`
  return (
    <View className='alert'>
      <Text className='alert__text'>{message}</Text>
    </View>
  )
}

/** One switch for 关怀模式 (large type, high contrast, big buttons), remembered on this phone. */
function CareSwitch() {
  const care = useCareMode()
  const toggle = () => settingsStore.getState().setCareMode(!care)
  return (
    <View className='care-switch'>
      <View className='care-switch__text' {...a11y('button', care ? '关怀模式：已开启，点一下关闭' : '关怀模式：点一下开启大字大按钮')} onClick={toggle}>
        <Text className='care-switch__label'>关怀模式</Text>
        <Text className='care-switch__hint'>{care ? '已开启：大字、大按钮' : '字更大、按钮更大，更容易看清'}</Text>
      </View>
      {/* Our own switch (Taro's Switch draws an unlabelled checkbox on H5): role="switch", checked state said. */}
      <View className={`care-switch__switch care-toggle${care ? ' care-toggle--on' : ''}`} {...a11y('switch', '关怀模式', { 'aria-checked': care ? 'true' : 'false' })} onClick={toggle}>
        <View className='care-toggle__knob' />
      </View>
    </View>
  )
}

/** A locked wallet that nobody is signed in to: the PIN opens the device key sign-in needs. */
function SignInUnlock() {
  const [open, setOpen] = useState(true)
  if (!open) {
    return (
      <View className='lockbar'>
        <Text className='lockbar__text'>领取证照前请先解锁</Text>
        <Text className='lockbar__btn' {...a11y('button', '输入密码解锁')} onClick={() => setOpen(true)}>
          输入密码解锁
        </Text>
      </View>
    )
  }
  return <UnlockPanel reason='领取证照前请先解锁（本机密钥用于登录）' onCancel={() => setOpen(false)} />
}

/** How many of the listed certificates can be added now. */
function claimableOf(available: ReturnType<typeof walletStore.getState>['available'], have: Set<string>) {
  return available.filter((a) => !have.has(a.certId) && (a.status === 'valid' || a.status === 'expired'))
}

/**
 * A new phone of someone who used the wallet before (the service knows other phones of theirs):
 * every certificate comes back in one tap, with no per-certificate application.
 */
function RestorePanel() {
  const available = useWallet((s) => s.available)
  const credentials = useWallet((s) => s.credentials)
  const busy = useWallet((s) => s.busy)
  const progress = useWallet((s) => s.claimProgress)
  const error = useWallet((s) => s.error)
  const retryAfter = useWallet((s) => s.errorRetryAfter)
  // After 忘记密码 the "other phone" is this phone's old key: the words say what happened instead.
  const afterReset = useWallet((s) => s.pinResetDone)
  const claimable = claimableOf(available, new Set(credentials.map((c) => c.certId)))
  if (claimable.length === 0) return null
  return (
    <View className='panel panel--restore'>
      <Text className='panel__title'>{afterReset ? '重新领取证照' : '欢迎回来'}</Text>
      <Text className='panel__text'>
        {afterReset
          ? `密码已经换了。点下面的按钮，一次取回全部 ${claimable.length} 张证照，不用逐张重新申请。`
          : `您在其他手机上使用过证照夹。点下面的按钮，一次恢复全部 ${claimable.length} 张证照，不用逐张重新申请。`}
      </Text>
      <Button
        className={'btn btn--primary btn--big' + (busy === 'claim' ? ' btn--off' : '')}
        disabled={busy === 'claim'}
        onClick={() => walletStore.getState().claim(claimable.map((a) => a.certId), RESTORE_PURPOSE)}
      >
        {busy === 'claim' ? `正在恢复 ${progress?.done ?? 0}/${progress?.total ?? 0}` : '一键恢复全部证照'}
      </Button>
      <ClaimStop />
      {busy === null ? <ErrorAlert block='alert' className='alert--near' code={error} retryAfterSeconds={retryAfter} onClick={() => walletStore.getState().clearError()} /> : null}
      {afterReset ? null : <Text className='panel__text panel__text--small'>旧手机丢了？恢复后可在“我的设备”里停用它。</Text>}
    </View>
  )
}

export default function WalletPage() {
  const holder = useWallet((s) => s.holder)
  const faceSessionId = useWallet((s) => s.faceSessionId)
  const credentials = useWallet((s) => s.credentials)
  const error = useWallet((s) => s.error)
  const busy = useWallet((s) => s.busy)
  const offline = useWallet((s) => s.offline)
  const lastSyncAt = useWallet((s) => s.lastSyncAt)
  const canPresent = useWallet((s) => presentablePurposes(s.credentials, certRegistry).length > 0)
  // Only a phone with no cards can be restoring: its device id (a SHA-256) is not needed otherwise.
  const thisId = useWallet((s) => (s.credentials.length === 0 ? thisDeviceId(s) : null))
  const devices = useStore(deviceStore, (s) => s.devices)
  const care = useCareMode()
  const restoring = !!holder && credentials.length === 0 && otherDevices(devices, thisId).length > 0
  const lockSet = useWallet((s) => s.lock !== null)
  const locked = useWallet((s) => s.locked)
  const pinReset = useWallet((s) => s.pinReset)
  const pinResetDone = useWallet((s) => s.pinResetDone && s.credentials.length === 0)
  const retryAfter = useWallet((s) => s.errorRetryAfter)
  useAutoLock()
  usePrepaint(lockSet && locked && !busy && !error && !offline && !faceSessionId && !pinReset && !pinResetDone)

  useEffect(() => {
    const s = walletStore.getState()
    if (s.holder && s.credentials.length === 0) {
      if (!s.locked) void s.loadAvailable()
    } else if (s.holder) void s.sync()
  }, [])

  // Listing what can be claimed is a holder call (DPoP, device key): after an unlock if it waited.
  useEffect(() => {
    const s = walletStore.getState()
    if (!locked && s.holder && s.credentials.length === 0 && s.available.length === 0) void s.loadAvailable()
  }, [locked])

  // After the face check on a phone with no cards: does this person have other phones? Then offer a restore.
  const holderId = holder?.holderId ?? null
  useEffect(() => {
    if (holderId && walletStore.getState().credentials.length === 0) void deviceStore.getState().load()
  }, [holderId])

  // Pull to refresh (mini-programs; page config enablePullDownRefresh). H5 also has the sync button.
  usePullDownRefresh(() => {
    const s = walletStore.getState()
    const done = s.holder ? (s.credentials.length ? s.sync() : s.loadAvailable()) : Promise.resolve()
    void done.finally(() => Taro.stopPullDownRefresh())
  })

  const groups = GROUP_ORDER.map((g) => ({
    group: g,
    cards: credentials.filter((c) => certRegistry.find(c.kind)?.design.group === g)
  })).filter((g) => g.cards.length > 0)

  return (
    <CarePage className='wallet' onTouchStart={noteActivity}>
      <View className='wallet__header'>
        <Text className='wallet__title'>我的证照</Text>
        {holder ? <Text className='wallet__holder'>{holder.displayName}</Text> : null}
      </View>
      <CareSwitch />
      {!holder && !pinReset ? (
        // A checker needs no wallet of their own: an employer checks a 学历验证码 from here.
        <View className='visitor'>
          <Text className='visitor__text'>用人单位查验学历？</Text>
          <Button className='btn btn--link visitor__btn' onClick={() => Taro.navigateTo({ url: shareCheckUrl() })}>
            查验学历验证码（无需领证）
          </Button>
        </View>
      ) : null}
      <OfflineOriginNote what='本页和亮证、医保码' />
      {offline ? <Text className='banner banner--offline'>当前无网络，显示的是 {asOfText(lastSyncAt)} 的证照，仍可打开使用</Text> : null}
      {/* Errors show by the control that caused them (sign-in, face page, claim list, sync); the
          top holds only those no panel on the page shows. */}
      {!holder && !faceSessionId && !pinReset && !(lockSet && !locked) ? (
        <ErrorAlert block='alert' code={error} retryAfterSeconds={retryAfter} onClick={() => walletStore.getState().clearError()} />
      ) : null}
      {faceSessionId ? <FaceCheck /> : null}
      {faceSessionId ? <ErrorAlert block='alert' className='alert--near' code={error} retryAfterSeconds={retryAfter} onClick={() => walletStore.getState().clearError()} /> : null}
      {pinReset && !faceSessionId ? <PinReset /> : null}
      {pinResetDone ? (
        <Text className='lockmsg lockmsg--ok' {...a11y('status')} onClick={() => walletStore.getState().dismissPinResetDone()}>
          密码设置成功。请点下面的按钮，重新领取您的证照。
        </Text>
      ) : null}
      {pinReset ? null : <LockBar />}
      {lockSet && !holder && !faceSessionId && !pinReset ? (
        // Sign-in binds the holder's session to the device key, in memory only while unlocked.
        locked ? <SignInUnlock /> : <ClaimStart />
      ) : null}
      {canPresent ? (
        <Button className='btn btn--primary' onClick={() => Taro.navigateTo({ url: '/subpackages/present/pages/index/index' })}>
          {care ? '出示证件（给对方扫码）' : '亮证（出示二维码）'}
        </Button>
      ) : null}
      <MedpayEntry />
      {busy === 'list' ? <Text className='loading'>正在查询您的证照…</Text> : null}
      {groups.map((g) => (
        <View className='group' key={g.group}>
          <Text className='group__title'>{g.group}</Text>
          {g.cards.map((c) => (
            <Card key={c.certId} c={c} onOpen={() => Taro.navigateTo({ url: cardDetailUrl(c.certId) })} />
          ))}
        </View>
      ))}
      <FamilyCards />
      {restoring ? <RestorePanel /> : null}
      {holder && !restoring ? <ClaimList /> : null}
      {holder && credentials.length > 0 ? (
        <View className='wallet__actions'>
          {error && busy !== 'sync' ? (
            // By the button pressed: the top of the page may be scrolled away.
            <ErrorAlert
              block='alert'
              className='alert--near'
              code={error}
              retryAfterSeconds={retryAfter}
              hint={`您的证照没有变化，仍是 ${asOfText(lastSyncAt)} 的状态。`}
              onClick={() => walletStore.getState().clearError()}
            />
          ) : null}
          <Text className='wallet__asof'>同步于 {asOfText(lastSyncAt)}</Text>
          <Button className={'btn' + (busy === 'sync' ? ' btn--off' : '')} disabled={busy === 'sync'} onClick={() => walletStore.getState().sync()}>
            {busy === 'sync' ? '正在同步…' : care ? '检查证件有没有变化' : '同步证照状态'}
          </Button>
        </View>
      ) : null}
      {holder ? (
        <View className='wallet__links'>
          <Button className='btn btn--link' onClick={() => Taro.navigateTo({ url: USAGE_URL })}>
            {care ? '谁查看过我的证件' : '用证记录'}
          </Button>
          <Button className='btn btn--link' id='wallet-online' onClick={() => Taro.navigateTo({ url: ONLINE_REQUEST_PAGE })}>
            {care ? '网上办事要核验身份' : '线上身份核验（扫网站二维码）'}
          </Button>
          <Button className='btn btn--link' id='wallet-family' onClick={() => Taro.navigateTo({ url: FAMILY_URL })}>
            {care ? '帮家人出示证件' : '家人代办（为家人出示证件）'}
          </Button>
          <Button className='btn btn--link' onClick={() => Taro.navigateTo({ url: DEVICES_URL })}>
            {care ? '手机丢了？停用旧手机' : '我的设备（手机丢失可停用）'}
          </Button>
        </View>
      ) : null}
      <ShareEntry />
      {/* Police, hotel desks and pharmacies use the same app in verifier mode (a subpackage). */}
      <Button className='btn btn--verifier care-hide' onClick={() => Taro.navigateTo({ url: '/subpackages/verifier/pages/scan/index' })}>
        我是核验方（扫码核验）
      </Button>
    </CarePage>
  )
}
