import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import '../../../../components/featureErrorText'
import { useWallet, walletStore } from '../../../../store'
import { groupCode, daysLeft } from '../../store/shareStore'
import { shareStore, useShare } from '../../store'
import { shareLink } from '../../components/shareLink'
import { shareCheckUrl } from '../../../../components/routes'
import StatusBadge, { dateText } from '../../components/StatusBadge'
import CarePage from '../../../../components/CarePage'
import '../../share.css'
import { confirmDestructive } from '../../confirm'
import { useHolderGate } from '../../components/HolderGate'
import { ErrorAlert } from '../../../../components/ErrorAlert'

/** The validity choices (the service accepts 30–180 days). */
const VALIDITY_DAYS = [30, 60, 90, 180] as const

const confirmRevoke = (): Promise<boolean> =>
  confirmDestructive({ title: '撤销这个验证码？', content: '撤销后，任何人都无法再用它查验您的学历。', confirmText: '撤销', cancelText: '不撤销' })

/** 学历验证码: the holder makes a code (30–180 days) for an employer or school, and can revoke it. */
export default function DegreeSharePage() {
  const { params } = useRouter()
  const holder = useWallet((s) => s.holder)
  const gate = useHolderGate({ title: '学历验证码', reason: '生成或撤销学历验证码前请输入密码，防止他人拿您的手机冒用证照' })
  const credentials = useWallet((s) => s.credentials)
  const shares = useShare((s) => s.shares)
  const busy = useShare((s) => s.busy)
  const error = useShare((s) => s.error)
  const retryAfter = useShare((s) => s.errorRetryAfter)
  const [days, setDays] = useState<number>(90)
  const [fresh, setFresh] = useState<string | null>(null)
  const wanted = params.certId ? decodeURIComponent(params.certId) : null
  const degree = credentials.find((c) => c.kind === 'degree' && c.status === 'valid' && (!wanted || c.certId === wanted)) ?? null

  useEffect(() => {
    if (walletStore.getState().holder) void shareStore.getState().loadShares()
  }, [])

  const create = async () => {
    if (!degree) return
    const s = await shareStore.getState().createShare(degree.certId, days)
    if (s) setFresh(s.code)
  }
  const revoke = async (code: string) => {
    if (await confirmRevoke()) await shareStore.getState().revokeShare(code)
  }
  const copy = (code: string) => {
    void Taro.setClipboardData({ data: `学历验证码：${groupCode(code)}\n查验地址：${shareLink(code)}` }).catch(() => undefined)
  }

  if (gate) return gate

  if (!holder || !degree) {
    return (
      <CarePage className='sh'>
        <Text className='sh-title'>学历验证码</Text>
        <Text className='sh-text'>{holder ? '证照夹中没有有效的学历/学位证书。' : '请先在证照夹首页完成实名认证并领取学历证书。'}</Text>
        <Button className='sh-btn' onClick={() => void Taro.navigateTo({ url: shareCheckUrl() })}>
          查验别人的学历验证码
        </Button>
      </CarePage>
    )
  }

  const newest = shares.find((s) => s.code === fresh) ?? null

  return (
    <CarePage className='sh'>
      <Text className='sh-title'>学历验证码</Text>
      <Text className='sh-text'>生成一个验证码发给用人单位或学校。对方输入验证码即可在线查验您的学历，也可扫码离线核验。您可以随时撤销。</Text>
      <ErrorAlert block='sh-alert' code={error} retryAfterSeconds={retryAfter} onClick={() => shareStore.getState().clearError()} />

      {newest ? (
        <View className='sh-panel' id='share-new'>
          <Text className='sh-panel__title'>验证码已生成</Text>
          <Text className='sh-code' id='share-code'>
            {groupCode(newest.code)}
          </Text>
          <Text className='sh-small'>有效期至 {dateText(newest.expiresAt)}（{daysLeft(newest.expiresAt, Date.now())}天）</Text>
          <Text className='sh-small'>查验地址：{shareLink(newest.code)}</Text>
          <Button className='sh-btn sh-btn--primary' onClick={() => copy(newest.code)}>
            复制验证码和查验地址
          </Button>
          <Button className='sh-btn' onClick={() => setFresh(null)}>
            完成
          </Button>
        </View>
      ) : (
        <View className='sh-panel'>
          <Text className='sh-panel__title'>{degree.title}</Text>
          <Text className='sh-label'>验证码有效期</Text>
          <View className='sh-choice'>
            {VALIDITY_DAYS.map((d) => (
              <Button key={d} className={`sh-choice__item${d === days ? ' sh-choice__item--on' : ''}`} onClick={() => setDays(d)}>
                {d}天
              </Button>
            ))}
          </View>
          <Text className='sh-small'>对方能看到：姓名、学校、专业、层次、毕业日期、学位和证书编号；看不到身份证号和出生日期。</Text>
          <Button className={`sh-btn sh-btn--primary${busy ? ' sh-btn--off' : ''}`} disabled={!!busy} onClick={() => void create()}>
            {busy === 'create-share' ? '正在生成…' : `生成验证码（${days}天有效）`}
          </Button>
        </View>
      )}

      {shares.length > 0 ? (
        <View>
          <Text className='sh-panel__title'>我的验证码</Text>
          {shares.map((s) => (
            <View key={s.code} className='sh-item'>
              <View className='sh-item__head'>
                <Text className='sh-item__title sh-mono'>{groupCode(s.code)}</Text>
                <StatusBadge status={s.status} revokedText='已撤销' />
              </View>
              <Text className='sh-small'>
                有效期至 {dateText(s.expiresAt)}
                {s.status === 'valid' ? `（还剩${daysLeft(s.expiresAt, Date.now())}天）` : ''}
              </Text>
              {s.status === 'valid' ? (
                <View>
                  <Button className='sh-btn' onClick={() => copy(s.code)}>
                    复制
                  </Button>
                  <Button className={`sh-btn sh-btn--danger${busy ? ' sh-btn--off' : ''}`} disabled={!!busy} onClick={() => void revoke(s.code)}>
                    撤销
                  </Button>
                </View>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}
    </CarePage>
  )
}
