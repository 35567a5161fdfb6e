import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { ErrorAlert } from '../../../../components/ErrorAlert'
import { QrCanvas } from '../../../../components/QrCanvas'
import { originalLinkStore, useOriginalLink } from '../../store'
import type { ComputerLinkProps } from './ComputerLink.types'

/** Re-renders every `ms` while `on` (the link's remaining time). */
function useTick(on: boolean, ms: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!on) return
    const t = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(t)
  }, [on, ms])
  return now
}

const hhmm = (ms: number) => {
  const d = new Date(ms)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

/**
 * Where no file can be handed to another app (Alipay: my.saveFile keeps a file inside the app, and
 * sharing shares a page): a one-time, 10-minute download link from the platform, to open on a
 * computer, as a link and a QR (originalLinkStore).
 */
export default function ComputerLink({ certId }: ComputerLinkProps) {
  const busy = useOriginalLink((s) => s.busy)
  const error = useOriginalLink((s) => s.error)
  const retryAfter = useOriginalLink((s) => s.errorRetryAfter)
  const stored = useOriginalLink((s) => s.link)
  const now = useTick(stored !== null, 5000)
  const link = stored && stored.certId === certId && stored.expiresAt > now ? stored : null
  const ended = stored !== null && stored.certId === certId && !link
  useEffect(() => () => originalLinkStore.getState().clear(), [])
  return (
    <View className='original-link'>
      <Text className='original-text'>
        这里不能把文件直接发给其他应用。可以生成一个下载链接，在电脑浏览器里打开（或用电脑扫下面的二维码），下载原件（OFD 文件）。链接 10 分钟内有效，只能下载一次。
      </Text>
      {link ? (
        <View className='original-link__box'>
          <QrCanvas text={link.url} canvasId='original-link-qr' className='original-link__qr' label='原件下载链接二维码' />
          <Text className='original-link__url' selectable>
            {link.url}
          </Text>
          <Text className='original-text'>{`${hhmm(link.expiresAt)} 前有效，只能下载一次。文件名：${link.fileName}`}</Text>
          <Button className='original-btn' onClick={() => void Taro.setClipboardData({ data: link.url }).catch(() => undefined)}>
            复制链接
          </Button>
        </View>
      ) : null}
      {ended ? <Text className='original-text'>链接已过期，请重新生成。</Text> : null}
      <Button className='original-btn original-btn--primary' disabled={busy} onClick={() => void originalLinkStore.getState().create(certId)}>
        {busy ? '正在生成…' : link ? '重新生成链接（旧链接作废）' : '生成电脑下载链接'}
      </Button>
      <ErrorAlert block='original-bad' code={error} retryAfterSeconds={retryAfter} onClick={() => originalLinkStore.getState().clear()} />
    </View>
  )
}

