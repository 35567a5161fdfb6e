import Taro from '@tarojs/taro'
import '../../../../components/featureErrorText'
import CarePage from '../../../../components/CarePage'
import { Button, Text, View } from '@tarojs/components'
import { medpayStore, useMedpay, useWallet } from '../../../../store/featureStores'
import type { MedpaySettlement } from '../../../../services/api/types'
import { RELATION_TEXT, SETTLEMENT_STATUS_TEXT, setlTimeText, yuan } from '../../../../components/medpayText'
import { asOfText } from '../../../../components/timeText'
import { ErrorBox } from '../../components/ErrorBox'
import { usePolling } from '../../components/usePolling'
import { RelativeLinks } from '../../components/RelativeLinks'
import '../medpay.css'

/** While this page is open, pending settlements from the counter show up within this long. */
const POLL_MS = 4000

const open = (setlId: string) => Taro.navigateTo({ url: `/subpackages/medpay/pages/settlement/index?setlId=${encodeURIComponent(setlId)}` })

function Pending({ s }: { s: MedpaySettlement }) {
  return (
    <Button className='mp-pending' onClick={() => open(s.setlId)}>
      <Text className='mp-pending__head'>待您确认支付 {yuan(s.split.psnPartAmt)}</Text>
      <Text className='mp-pending__what'>
        {s.medinsName}
        {s.viewerRole === 'payer' ? ` · 为亲属${s.psnName}支付` : ''}
      </Text>
      <Text className='mp-pending__go'>点此查看明细并确认 ›</Text>
    </Button>
  )
}

function History({ s }: { s: MedpaySettlement }) {
  const who = s.viewerRole === 'payer' ? `为亲属${s.psnName}支付` : s.familyPayerName ? `亲属${s.familyPayerName}代付` : ''
  return (
    <Button className='mp-hist' onClick={() => open(s.setlId)}>
      <View className='mp-hist__head'>
        <Text>{s.medinsName}</Text>
        <Text className={`mp-tag mp-tag--${s.status}`}>{SETTLEMENT_STATUS_TEXT[s.status]}</Text>
      </View>
      <Text className='mp-hist__sub'>
        {setlTimeText(s.setlTime ?? s.createdAt)} · 总额 {yuan(s.split.medfeeSumamt)} · {s.familyPayerName && s.viewerRole !== 'payer' ? '亲属账户' : '个人账户'} {yuan(s.split.acctPay)} · 现金 {yuan(s.split.psnCashPay)}
      </Text>
      {who ? <Text className='mp-hist__sub'>{who}</Text> : null}
    </Button>
  )
}

/** 医保支付 home: the 医保码 button, anything waiting for confirmation, balance, family, receipts. */
export default function MedpayHome() {
  const holder = useWallet((s) => s.holder)
  const insured = useWallet((s) => s.credentials.some((c) => c.kind === 'medical-insurance' && c.status === 'valid'))
  const account = useMedpay((s) => s.account)
  const settlements = useMedpay((s) => s.settlements)
  const links = useMedpay((s) => s.familyLinks)
  // 家庭共济 must be switched on for this e-voucher (a field shown on the card, kept while locked).
  const mutualAid = useWallet((s) => s.credentials.find((c) => c.kind === 'medical-insurance' && c.status === 'valid')?.claims.family_mutual_aid_flag !== false)
  const error = useMedpay((s) => s.error)
  const offline = useMedpay((s) => s.offline)
  const refreshedAt = useMedpay((s) => s.refreshedAt)
  usePolling(() => void medpayStore.getState().refresh(), POLL_MS)

  if (!holder || !insured) {
    return (
      <CarePage className='mp'>
        <Text className='mp-title'>医保支付</Text>
        <Text className='mp-text'>需要先在“我的证照”领取有效的医保电子凭证，才能使用医保码支付。</Text>
        <Button className='mp-btn mp-btn--primary' onClick={() => Taro.navigateBack()}>
          返回我的证照
        </Button>
      </CarePage>
    )
  }
  const pending = medpayStore.getState().pending()
  const history = settlements.filter((s) => !pending.includes(s))

  return (
    <CarePage className='mp'>
      {offline ? <Text className='mp-banner'>当前无网络，显示的是 {asOfText(refreshedAt)} 的余额和记录；医保码仍可离线出示</Text> : null}
      {error && !offline ? <ErrorBox code={error} onClose={() => medpayStore.getState().clearError()} /> : null}
      {pending.map((s) => (
        <Pending key={s.setlId} s={s} />
      ))}
      <Button className='mp-btn mp-btn--primary mp-btn--big' onClick={() => Taro.navigateTo({ url: '/subpackages/medpay/pages/code/index' })}>
        出示医保码
      </Button>
      {account ? (
        <View className='mp-account'>
          <Text className='mp-account__label'>{account.personalAccount ? '个人账户余额' : '城乡居民医保（无个人账户）'}</Text>
          {account.personalAccount ? <Text className='mp-account__balance'>{yuan(account.balc)}</Text> : null}
          <View className='mp-account__row'>
            <Text>{account.insuplc}</Text>
            <Text>{account.insutypeName}</Text>
          </View>
          <View className='mp-account__row'>
            <Text>{account.year}年起付线已付</Text>
            <Text>
              {yuan(Math.min(account.dedcPaid, account.deductible))} / {yuan(account.deductible)}
            </Text>
          </View>
          <View className='mp-account__row'>
            <Text className='nowrap'>{account.year}年统筹已支付</Text>
            <Text>
              {yuan(account.hifpPaid)} / {yuan(account.annualCap)}
            </Text>
          </View>
          <View className='mp-account__row'>
            <Text>截至 {asOfText(refreshedAt)}</Text>
          </View>
        </View>
      ) : (
        <Text className='mp-note'>正在查询个人账户…</Text>
      )}

      <Text className='mp-section'>亲情账户（家庭共济）</Text>
      <Text className='mp-note'>用您的个人账户为父母、子女或配偶支付医药费。绑定需要亲属本人刷脸同意。</Text>
      {links
        .filter((l) => l.status === 'active')
        .map((l) => (
          <Button key={l.linkId} className='mp-btn' onClick={() => Taro.navigateTo({ url: `/subpackages/medpay/pages/code/index?linkId=${encodeURIComponent(l.linkId)}` })}>
            出示{RELATION_TEXT[l.relation]} {l.relativeName} 的医保码
          </Button>
        ))}
      {mutualAid ? (
        <Button className='mp-btn' onClick={() => Taro.navigateTo({ url: '/subpackages/medpay/pages/family/index' })}>
          添加亲情账户
        </Button>
      ) : (
        <Text className='mp-note'>您的医保电子凭证未开通家庭共济，不能为亲属支付；亲属可以绑定您，为您支付。</Text>
      )}
      <RelativeLinks />

      <Text className='mp-section'>支付记录</Text>
      {history.length === 0 ? <Text className='mp-note'>还没有医保支付记录。</Text> : history.map((s) => <History key={s.setlId} s={s} />)}
    </CarePage>
  )
}
