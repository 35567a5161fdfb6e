import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useStore } from 'zustand'
import '../../../../components/featureErrorText'
import { deviceStore, useWallet } from '../../../../store'
import { thisDeviceId } from '../../../../store/deviceStore'
import type { DeviceDto } from '../../../../services/wallet/apiPort'
import CarePage, { useCareMode } from '../../../../components/CarePage'
import { asOfText } from '../../../../components/timeText'
import './index.css'
import { ErrorAlert } from '../../../../components/ErrorAlert'

/** What the person must understand before deactivating: said in the dialog and on the page. */
const DEACTIVATE_WARNING = '停用后，该手机上的亮证将无法通过核验，也不能再领取证照。此操作不能撤销。'

function DeviceRow({ d, n, mine, onDeactivate }: { d: DeviceDto; n: number; mine: boolean; onDeactivate: (d: DeviceDto, n: number) => void }) {
  const busy = useStore(deviceStore, (s) => s.busy)
  const active = d.status === 'active'
  return (
    <View className={`device${mine ? ' device--mine' : ''}${active ? '' : ' device--off'}`}>
      <View className='device__head'>
        <Text className='device__name'>手机 {n}{mine ? '（本机）' : ''}</Text>
        <Text className={`device__status device__status--${d.status}`}>{active ? '使用中' : '已停用'}</Text>
      </View>
      <Text className='device__line'>首次领证：{asOfText(Date.parse(d.firstSeenAt))}</Text>
      <Text className='device__line'>最近使用：{asOfText(Date.parse(d.lastSeenAt))}</Text>
      {!active && d.deactivatedAt ? <Text className='device__line'>停用时间：{asOfText(Date.parse(d.deactivatedAt))}</Text> : null}
      <Text className='device__id care-hide'>设备标识 {d.deviceId.slice(0, 8)}</Text>
      {active && !mine ? (
        <Button className={'device__deactivate' + (busy ? ' device__deactivate--off' : '')} disabled={!!busy} onClick={() => onDeactivate(d, n)}>
          停用这台手机
        </Button>
      ) : null}
    </View>
  )
}

/**
 * 我的设备: the phones holding this person's certificates, this one marked; a lost phone is
 * deactivated after a clear confirmation (its QR codes fail verification from then on).
 */
export default function DevicesPage() {
  const holder = useWallet((s) => s.holder)
  const mine = useWallet((s) => thisDeviceId(s))
  const devices = useStore(deviceStore, (s) => s.devices)
  const busy = useStore(deviceStore, (s) => s.busy)
  const error = useStore(deviceStore, (s) => s.error)
  const retryAfter = useStore(deviceStore, (s) => s.errorRetryAfter)
  const fetchedAt = useStore(deviceStore, (s) => s.fetchedAt)
  const care = useCareMode()
  const [done, setDone] = useState<number | null>(null)

  useEffect(() => {
    if (holder) void deviceStore.getState().load()
  }, [holder])

  // Numbered by first use, so "手机 1" stays the same phone however the list is sorted.
  const order = [...(devices ?? [])].sort((a, b) => Date.parse(a.firstSeenAt) - Date.parse(b.firstSeenAt)).map((d) => d.deviceId)
  const numberOf = (d: DeviceDto) => order.indexOf(d.deviceId) + 1
  const shown = [...(devices ?? [])].sort((a, b) => (a.deviceId === mine ? -1 : b.deviceId === mine ? 1 : numberOf(a) - numberOf(b)))

  const deactivate = async (d: DeviceDto, n: number) => {
    const r = await Taro.showModal({
      title: `停用手机 ${n}？`,
      content: DEACTIVATE_WARNING,
      confirmText: '确定停用',
      confirmColor: '#b71c1c',
      cancelText: '取消'
    })
    if (!r.confirm) return
    if (await deviceStore.getState().deactivate(d.deviceId)) setDone(n)
  }

  if (!holder) {
    return (
      <CarePage className='devices'>
        <Text className='devices-title'>我的设备</Text>
        <Text className='devices-text'>请先在“我的证照”完成实名认证。</Text>
      </CarePage>
    )
  }
  return (
    <CarePage className='devices'>
      <Text className='devices-title'>我的设备</Text>
      <Text className='devices-text'>{care ? '这些手机里有您的证件。手机丢了，就停用它。' : '以下手机领取过您的证照。手机丢失或被盗时，请停用它。'}</Text>
      <Text className='devices-warning'>{DEACTIVATE_WARNING}</Text>
      {done !== null ? <Text className='devices-done'>手机 {done} 已停用。它出示的二维码将无法通过核验。</Text> : null}
      <ErrorAlert block='devices-alert' code={error} retryAfterSeconds={retryAfter} onClick={() => deviceStore.getState().clearError()} />
      {busy === 'list' && !devices ? <Text className='devices-text'>正在查询…</Text> : null}
      {devices && devices.length === 0 ? <Text className='devices-text'>还没有手机领取过您的证照。</Text> : null}
      {shown.map((d) => (
        <DeviceRow key={d.deviceId} d={d} n={numberOf(d)} mine={d.deviceId === mine} onDeactivate={(x, n) => void deactivate(x, n)} />
      ))}
      {fetchedAt ? <Text className='devices-asof'>截至 {asOfText(fetchedAt)}</Text> : null}
    </CarePage>
  )
}
