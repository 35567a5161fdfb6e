import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { MedpayFeeLine, MedpaySplit } from '../services/api/types'
import { CLASS_TEXT, TERM_NOTES, percent, yuan, type BillTerm } from './medpayText'
import { a11y } from './a11y'
import './medpay.css'

/** A bill word with a ？ that explains it in one sentence, under the row. */
function Term({ label, term }: { label: string; term: BillTerm }) {
  const [open, setOpen] = useState(false)
  return (
    <View className='mp-term'>
      <View className='mp-term__row'>
        <Text>{label}</Text>
        <Text className='mp-term__ask' {...a11y('button', `什么是${term}`)} onClick={() => setOpen((v) => !v)}>
          ？
        </Text>
      </View>
      {open ? <Text className='mp-term__note'>{TERM_NOTES[term]}</Text> : null}
    </View>
  )
}

/**
 * What the patient pays, as one figure ("您需要付"), split into what the personal account pays and
 * what is paid in cash. The heading, the pay button and the PIN sheet all use this same figure.
 */
export function MedpayDue({ split }: { split: MedpaySplit }) {
  return (
    <View className='mp-due'>
      <View className='mp-due__head'>
        <Text className='mp-due__label'>您需要付</Text>
        <Text className='mp-due__amount'>{yuan(split.psnPartAmt)}</Text>
      </View>
      <View className='mp-due__part'>
        <Text className='nowrap'>个人账户付</Text>
        <Text className='nowrap'>{yuan(split.acctPay)}</Text>
      </View>
      <View className={`mp-due__part${split.psnCashPay > 0 ? ' mp-due__part--cash' : ''}`}>
        <Text className='nowrap'>现金付</Text>
        <Text className='nowrap'>{yuan(split.psnCashPay)}</Text>
      </View>
      {split.psnCashPay > 0 ? <Text className='mp-due__note'>现金部分请在收银台付给医药机构。</Text> : null}
    </View>
  )
}

/** The words a pay button and the PIN sheet use for the one figure. */
export function dueText(split: MedpaySplit): string {
  return `确认支付 ${yuan(split.psnPartAmt)}`
}

/**
 * The split of a settlement, the way a patient reads it: total, what insurance pays, what the
 * personal account pays, what is left in cash (highlighted when there is any), then the details.
 * Patient (wallet) and counter (verifier mode) show the same view, so both see the same receipt;
 * the patient's account balance shows on the patient's phone only (`audience='counter'` leaves it out).
 */
export function MedpaySplitView({
  split,
  familyPayerName,
  viewerRole,
  audience = 'holder'
}: {
  split: MedpaySplit
  familyPayerName?: string
  viewerRole?: 'patient' | 'payer'
  audience?: 'holder' | 'counter'
}) {
  const acctLabel = split.acctMulaidPay > 0 ? (viewerRole === 'payer' ? '我的个人账户代付' : `亲属${familyPayerName ?? ''}账户代付`) : '个人账户支付'
  return (
    <View className='mp-split'>
      <View className='mp-split__row mp-split__row--total'>
        <Text>医疗费总额</Text>
        <Text>{yuan(split.medfeeSumamt)}</Text>
      </View>
      <View className='mp-split__row'>
        <Term label='医保统筹基金支付' term='统筹' />
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
      {audience === 'holder' && split.psnCashPay > 0 && split.acctPay > 0 ? (
        <Text className='mp-split__note'>个人账户余额不足，已用完余额，其余 {yuan(split.psnCashPay)} 需现金支付。</Text>
      ) : null}
      <View className='mp-split__details'>
        <Text className='mp-split__details-title'>明细</Text>
        <Detail label={<Term label='全自费（丙类）' term='丙类' />} fen={split.fulamtOwnpayAmt} />
        <Detail label={<Term label='先行自付（乙类）' term='先行自付' />} fen={split.preselfpayAmt} />
        <Detail label='医保范围内费用' fen={split.inscpScpAmt} />
        <Detail label={<Term label='本次起付线自付' term='起付线' />} fen={split.actPayDedc} />
        {split.hifpPay > 0 || split.inscpScpAmt > split.actPayDedc ? (
          <View className='mp-split__detail'>
            <Text>统筹支付比例</Text>
            <Text>{percent(split.poolPropBp)}</Text>
          </View>
        ) : null}
        {split.overCapSelfpay > 0 ? <Detail label='超过年度封顶线自付' fen={split.overCapSelfpay} /> : null}
        <Detail label='个人负担合计' fen={split.psnPartAmt} />
        {audience === 'holder' ? <Detail label='支付后个人账户余额' fen={split.balc} /> : null}
      </View>
    </View>
  )
}

function Detail({ label, fen }: { label: string | JSX.Element; fen: number }) {
  return (
    <View className='mp-split__detail'>
      {typeof label === 'string' ? <Text>{label}</Text> : label}
      <Text className='nowrap'>{yuan(fen)}</Text>
    </View>
  )
}

const CLASS_TERM: Record<string, BillTerm> = { '01': '甲类', '02': '乙类', '03': '丙类' }

/** The itemised fee lines: name, spec, class (tap ？ to explain it), count × price. */
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
            {l.spec} · {l.cnt} × {yuan(l.pric)}
          </Text>
          <Term label={CLASS_TEXT[l.chrgitmLv]} term={CLASS_TERM[l.chrgitmLv]} />
        </View>
      ))}
    </View>
  )
}
