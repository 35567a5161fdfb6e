import { Text, View } from '@tarojs/components'
import type { MedpayFeeLine, MedpaySplit } from '../services/api/types'
import { CLASS_TEXT, percent, yuan } from './medpayText'
import './medpay.css'

/**
 * The split of a settlement, the way a patient reads it: total, what insurance pays, what the
 * personal account pays, what is left in cash (highlighted when there is any), then the details.
 * Patient (wallet) and counter (verifier mode) show the same view, so both see the same receipt.
 */
export function MedpaySplitView({ split, familyPayerName, viewerRole }: { split: MedpaySplit; familyPayerName?: string; viewerRole?: 'patient' | 'payer' }) {
  const acctLabel = split.acctMulaidPay > 0 ? (viewerRole === 'payer' ? '我的个人账户代付' : `亲属${familyPayerName ?? ''}账户代付`) : '个人账户支付'
  return (
    <View className='mp-split'>
      <View className='mp-split__row mp-split__row--total'>
        <Text>医疗费总额</Text>
        <Text>{yuan(split.medfeeSumamt)}</Text>
      </View>
      <View className='mp-split__row'>
        <Text>医保统筹基金支付</Text>
        <Text className='mp-split__fund'>{yuan(split.hifpPay)}</Text>
      </View>
      <View className='mp-split__row'>
        <Text>{acctLabel}</Text>
        <Text>{yuan(split.acctPay)}</Text>
      </View>
      <View className={`mp-split__row mp-split__row--cash${split.psnCashPay > 0 ? ' mp-split__row--due' : ''}`}>
        <Text>现金支付</Text>
        <Text>{yuan(split.psnCashPay)}</Text>
      </View>
      {split.psnCashPay > 0 && split.acctPay > 0 ? <Text className='mp-split__note'>个人账户余额不足，已用完余额，其余 {yuan(split.psnCashPay)} 需现金支付。</Text> : null}
      <View className='mp-split__details'>
        <Text className='mp-split__details-title'>明细</Text>
        <Detail label='全自费（丙类）' fen={split.fulamtOwnpayAmt} />
        <Detail label='先行自付（乙类）' fen={split.preselfpayAmt} />
        <Detail label='医保范围内费用' fen={split.inscpScpAmt} />
        <Detail label='本次起付线自付' fen={split.actPayDedc} />
        {split.hifpPay > 0 || split.inscpScpAmt > split.actPayDedc ? (
          <View className='mp-split__detail'>
            <Text>统筹支付比例</Text>
            <Text>{percent(split.poolPropBp)}</Text>
          </View>
        ) : null}
        {split.overCapSelfpay > 0 ? <Detail label='超过年度封顶线自付' fen={split.overCapSelfpay} /> : null}
        <Detail label='个人负担合计' fen={split.psnPartAmt} />
        <Detail label='支付后个人账户余额' fen={split.balc} />
      </View>
    </View>
  )
}

function Detail({ label, fen }: { label: string; fen: number }) {
  return (
    <View className='mp-split__detail'>
      <Text>{label}</Text>
      <Text>{yuan(fen)}</Text>
    </View>
  )
}

/** The itemised fee lines: name, spec, class, count × price. */
export function MedpayLines({ lines }: { lines: MedpayFeeLine[] }) {
  return (
    <View className='mp-lines'>
      {lines.map((l) => (
        <View className='mp-line' key={l.medListCodg}>
          <View className='mp-line__head'>
            <Text className='mp-line__name'>{l.name}</Text>
            <Text className='mp-line__sum'>{yuan(l.detItemFeeSumamt)}</Text>
          </View>
          <Text className='mp-line__sub'>
            {l.spec} · {CLASS_TEXT[l.chrgitmLv]} · {l.cnt} × {yuan(l.pric)}
          </Text>
        </View>
      ))}
    </View>
  )
}
