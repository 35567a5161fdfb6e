import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import '../../../../components/featureErrorText'
import CarePage from '../../../../components/CarePage'
import { Button, Text, View } from '@tarojs/components'
import { medpayStore, useMedpay } from '../../../../store/featureStores'
import { MedpayDue, MedpayLines, MedpaySplitView, dueText } from '../../../../components/MedpaySplitView'
import { ReadAloud, yuanSpoken } from '../../../../components/ReadAloud'
import { LEVEL_TEXT, SETTLEMENT_STATUS_TEXT, setlTimeText, yuan } from '../../../../components/medpayText'
import type { MedpaySettlement } from '../../../../services/api/types'
import { ErrorBox } from '../../components/ErrorBox'
import { PaySheet } from '../../components/PaySheet'
import '../medpay.css'

function Facts({ s }: { s: MedpaySettlement }) {
  const rows: [string, string][] = [
    ['结算单号', s.setlId],
    [s.setlTime ? '结算时间' : '提交时间', setlTimeText(s.setlTime ?? s.createdAt)],
    ['医药机构', `${s.medinsName}（${LEVEL_TEXT[s.medinsLv]}）`],
    ['就诊人', `${s.psnName}（${s.insuplc}）`]
  ]
  if (s.viewerRole === 'payer') rows.push(['支付方式', '我的个人账户代付（家庭共济）'])
  else if (s.familyPayerName) rows.push(['支付方式', `亲属 ${s.familyPayerName} 的个人账户代付`])
  if (s.refundedAt) rows.push(['退款时间', setlTimeText(s.refundedAt)])
  return (
    <View className='mp-panel'>
      {rows.map(([k, v]) => (
        <View className='mp-kv' key={k}>
          <Text className='mp-kv__key'>{k}</Text>
          <Text className='mp-kv__value'>{v}</Text>
        </View>
      ))}
    </View>
  )
}

/** Back to the 医保支付 home (the page below, since the code page hands over with redirectTo). */
function done() {
  const below = typeof Taro.getCurrentPages === 'function' ? Taro.getCurrentPages().length : 0
  if (below > 1) void Taro.navigateBack()
  else void Taro.redirectTo({ url: '/subpackages/medpay/pages/index/index' })
}

/** One settlement: confirm it when it waits for this phone, else its receipt. */
export default function SettlementPage() {
  const params = (typeof Taro.getCurrentInstance === 'function' ? Taro.getCurrentInstance()?.router?.params : undefined) ?? {}
  const setlId = typeof params.setlId === 'string' ? decodeURIComponent(params.setlId) : ''
  const s = useMedpay((st) => st.settlements.find((x) => x.setlId === setlId) ?? null)
  const busy = useMedpay((st) => st.busy)
  const error = useMedpay((st) => st.error)
  const [authorizing, setAuthorizing] = useState(false)

  useEffect(() => {
    medpayStore.getState().clearError()
    if (!medpayStore.getState().settlements.some((x) => x.setlId === setlId)) void medpayStore.getState().refresh()
  }, [setlId])

  if (!s) {
    return (
      <CarePage className='mp'>
        {error ? <ErrorBox code={error} /> : <Text className='mp-text'>正在查询结算…</Text>}
        <Button className='mp-btn' onClick={() => Taro.navigateBack()}>
          返回
        </Button>
      </CarePage>
    )
  }

  const mine = s.status === 'pending' && (s.viewerRole === 'payer' || !s.familyPayerName)
  if (mine) {
    // One figure everywhere: the heading, the button and the PIN sheet (issue #13: they used to differ).
    const pay = dueText(s.split)
    const sheet = `${pay}（个人账户付 ${yuan(s.split.acctPay)}，现金付 ${yuan(s.split.psnCashPay)}）`
    return (
      <CarePage className='mp mp--with-actions'>
        <Text className='mp-title'>请确认支付</Text>
        <Text className='mp-text'>
          {s.medinsName}的账单{s.viewerRole === 'payer' ? `（为亲属${s.psnName}，从您的个人账户支付）` : ''}。请核对药品和金额。
        </Text>
        <MedpayDue split={s.split} />
        <ReadAloud
          className='mp-btn'
          label='朗读金额'
          text={`您需要付${yuanSpoken(s.split.psnPartAmt)}。其中个人账户付${yuanSpoken(s.split.acctPay)}，现金付${yuanSpoken(s.split.psnCashPay)}。`}
        />
        {error ? <ErrorBox code={error} hint={error === 'ERR_NETWORK' || error === 'ERR_TIMEOUT' ? '不确定是否已支付？请再点一次“确认支付”，不会重复扣款。' : undefined} /> : null}
        <MedpaySplitView split={s.split} familyPayerName={s.familyPayerName} viewerRole={s.viewerRole} />
        <Text className='mp-section'>费用明细（{s.lines.length} 项）</Text>
        <MedpayLines lines={s.lines} />
        <Facts s={s} />
        <View className='mp-actions'>
          <Button className={`mp-btn mp-btn--primary${busy === 'confirm' ? ' mp-btn--off' : ''}`} disabled={busy === 'confirm'} onClick={() => setAuthorizing(true)}>
            {busy === 'confirm' ? '正在支付…' : pay}
          </Button>
          <Button className={`mp-btn mp-btn--danger${busy === 'confirm' || busy === 'decline' ? ' mp-btn--off' : ''}`} disabled={busy === 'confirm' || busy === 'decline'} onClick={() => void medpayStore.getState().decline(s.setlId)}>
            拒绝支付（不是我或金额不对）
          </Button>
        </View>
        <PaySheet
          visible={authorizing}
          title={sheet}
          onDone={(ok, grant) => {
            setAuthorizing(false)
            if (ok) void medpayStore.getState().confirm(s.setlId, grant)
          }}
        />
      </CarePage>
    )
  }

  return (
    <CarePage className='mp'>
      {s.status === 'settled' ? (
        <View className='mp-ok'>
          <Text className='mp-ok__title'>支付成功</Text>
          <Text className='mp-ok__text'>
            个人账户 {yuan(s.split.acctPay)} · 现金 {yuan(s.split.psnCashPay)}
          </Text>
          {s.split.psnCashPay > 0 ? <Text className='mp-ok__text'>现金部分请在收银台支付</Text> : null}
        </View>
      ) : s.status === 'pending' ? (
        <View className='mp-panel'>
          <Text className='mp-text'>等待{s.familyPayerName ? `亲属${s.familyPayerName}` : ''}确认支付</Text>
        </View>
      ) : (
        <View className='mp-bad'>
          <Text className='mp-bad__title'>{SETTLEMENT_STATUS_TEXT[s.status]}</Text>
          {s.status === 'refunded' ? <Text className='mp-ok__text'>个人账户支付的 {yuan(s.split.acctPay)} 已退回</Text> : null}
        </View>
      )}
      <Facts s={s} />
      <MedpaySplitView split={s.split} familyPayerName={s.familyPayerName} viewerRole={s.viewerRole} />
      <Text className='mp-section'>费用明细（{s.lines.length} 项）</Text>
      <MedpayLines lines={s.lines} />
      <Button className='mp-btn mp-btn--primary' onClick={done}>
        完成
      </Button>
    </CarePage>
  )
}
