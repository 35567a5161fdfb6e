import { useEffect, useState } from 'react'
import '../../../../components/featureErrorText'
import CarePage from '../../../../components/CarePage'
import { Button, Input, Text, View } from '@tarojs/components'
import { posStore, usePos } from '../../store'
import { cartTotal } from '../../store/posStore'
import type { MedpayCatalogueItem, MedpaySettlement } from '../../../../services/api/types'
import { MedpayLines, MedpaySplitView } from '../../../../components/MedpaySplitView'
import { CLASS_TEXT, SETTLEMENT_STATUS_TEXT, setlTimeText, yuan } from '../../../../components/medpayText'
import PayCodeEntry from '../../components/PayCodeEntry'
import './index.css'
import { ErrorAlert } from '../../../../components/ErrorAlert'

/** How often the counter asks whether the patient has confirmed. */
const POLL_MS = 2000

function ErrorLine({ code }: { code: string | null }) {
  return <ErrorAlert block='pos-alert' audience='staff' code={code} onClick={() => posStore.getState().clearError()} />
}

/**
 * Enrolment first: a counter takes payments only as a registered 定点医药机构. The activation code
 * comes from the 医保 office; the device makes its own key pair and sends only the public half.
 */
function EnrolPanel() {
  const [code, setCode] = useState('')
  const busy = usePos((s) => s.busy)
  const sending = busy === 'enrol'
  return (
    <View className='pos-panel'>
      <Text className='pos-panel__title'>登记本机为定点医药机构</Text>
      <Text className='pos-hint'>收款前须先登记：请输入医保经办机构发放的激活码（每个激活码只能使用一次）。本机生成专用密钥，只上传公钥。</Text>
      <Input className='pos-code-input' value={code} placeholder='激活码，如 ABCD-EFGH-JKLM' onInput={(e) => setCode(e.detail.value)} />
      <Button className={`pos-btn${sending || !code.trim() ? ' pos-btn--off' : ''}`} disabled={sending || !code.trim()} onClick={() => void posStore.getState().enrol(code)}>
        {sending ? '正在登记…' : '登记本机'}
      </Button>
    </View>
  )
}

function Receipt({ s }: { s: MedpaySettlement }) {
  return (
    <View className='pos-panel'>
      <View className='pos-kv'>
        <Text>结算单号</Text>
        <Text className='pos-kv__v'>{s.setlId}</Text>
      </View>
      <View className='pos-kv'>
        <Text>{s.setlTime ? '结算时间' : '提交时间'}</Text>
        <Text className='pos-kv__v'>{setlTimeText(s.setlTime ?? s.createdAt)}</Text>
      </View>
      <View className='pos-kv'>
        <Text>参保人</Text>
        <Text className='pos-kv__v'>
          {s.psnName} · {s.insuplc}
        </Text>
      </View>
      {s.familyPayerName ? (
        <View className='pos-kv'>
          <Text>家庭共济代付</Text>
          <Text className='pos-kv__v'>{s.familyPayerName}</Text>
        </View>
      ) : null}
    </View>
  )
}

function Catalogue() {
  const catalogue = usePos((s) => s.catalogue)
  const groups: MedpayCatalogueItem['chrgitmLv'][] = ['01', '02', '03']
  return (
    <View className='pos-panel'>
      <Text className='pos-panel__title'>药品与诊疗项目</Text>
      {groups.map((g) => (
        <View key={g}>
          <Text className='pos-group'>{CLASS_TEXT[g]}</Text>
          {catalogue
            .filter((c) => c.chrgitmLv === g)
            .map((c) => (
              <View className='pos-item' key={c.medListCodg}>
                <View className='pos-item__info'>
                  <Text className='pos-item__name'>{c.name}</Text>
                  <Text className='pos-item__sub'>
                    {c.spec} · {yuan(c.pric)}
                  </Text>
                </View>
                <Button className='pos-add' aria-label={`加入 ${c.name}`} onClick={() => posStore.getState().addItem(c.medListCodg)}>
                  加入
                </Button>
              </View>
            ))}
        </View>
      ))}
    </View>
  )
}

function Cart() {
  const cart = usePos((s) => s.cart)
  const catalogue = usePos((s) => s.catalogue)
  const busy = usePos((s) => s.busy)
  const total = cartTotal(cart, catalogue)
  return (
    <View className='pos-panel pos-cart'>
      <Text className='pos-panel__title'>本次费用（{cart.length} 项）</Text>
      {cart.length === 0 ? <Text className='pos-hint'>请从下方目录加入药品或项目。</Text> : null}
      {cart.map((l) => {
        const item = catalogue.find((c) => c.medListCodg === l.medListCodg)!
        return (
          <View className='pos-cartline' key={l.medListCodg}>
            <Text className='pos-cartline__name'>{item.name}</Text>
            <View className='pos-cartline__qty'>
              <Text className='pos-qty' onClick={() => posStore.getState().setCount(l.medListCodg, l.cnt - 1)}>
                −
              </Text>
              <Text className='pos-cartline__cnt'>{l.cnt}</Text>
              <Text className='pos-qty' onClick={() => posStore.getState().setCount(l.medListCodg, l.cnt + 1)}>
                ＋
              </Text>
            </View>
            <Text className='pos-cartline__sum'>{yuan(item.pric * l.cnt)}</Text>
          </View>
        )
      })}
      <View className='pos-kv pos-kv--total'>
        <Text>合计</Text>
        <Text>{yuan(total)}</Text>
      </View>
      <Button
        className={`pos-btn pos-btn--primary${cart.length === 0 || busy === 'submit' ? ' pos-btn--off' : ''}`}
        disabled={cart.length === 0 || busy === 'submit'}
        onClick={() => void posStore.getState().submit()}
      >
        {busy === 'submit' ? '正在提交…' : '提交医保结算'}
      </Button>
    </View>
  )
}

function History() {
  const settlements = usePos((s) => s.settlements)
  const busy = usePos((s) => s.busy)
  if (settlements.length === 0) return null
  return (
    <View className='pos-panel'>
      <Text className='pos-panel__title'>本机结算记录</Text>
      {settlements.slice(0, 10).map((s) => (
        <View className='pos-hist' key={s.setlId}>
          <View className='pos-hist__info'>
            <Text className='pos-hist__head'>
              {s.psnName} · {yuan(s.split.medfeeSumamt)} · {SETTLEMENT_STATUS_TEXT[s.status]}
            </Text>
            <Text className='pos-hist__sub'>
              {s.setlId} · {setlTimeText(s.setlTime ?? s.createdAt)}
            </Text>
          </View>
          {s.status === 'settled' ? (
            <Button className={`pos-refund${busy === 'refund' ? ' pos-btn--off' : ''}`} disabled={busy === 'refund'} onClick={() => void posStore.getState().refund(s.setlId)}>
              退费
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  )
}

/**
 * The counter (verifier mode, 药店/医院): scan the patient's 医保码, ring up items from the
 * platform's catalogue, submit, wait for the patient's confirmation on their phone, refund.
 */
export default function CounterPage() {
  const enrolment = usePos((s) => s.enrolment)
  const visit = usePos((s) => s.visit)
  const current = usePos((s) => s.current)
  const busy = usePos((s) => s.busy)
  const error = usePos((s) => s.error)

  useEffect(() => {
    void posStore.getState().load()
  }, [])

  useEffect(() => {
    if (current?.status !== 'pending') return
    const t = setInterval(() => void posStore.getState().poll(), POLL_MS)
    return () => clearInterval(t)
  }, [current?.setlId, current?.status])

  if (!enrolment) {
    return (
      <CarePage className='pos'>
        <Text className='pos-title'>医保结算收款</Text>
        <ErrorLine code={error} />
        <EnrolPanel />
      </CarePage>
    )
  }

  return (
    <CarePage className='pos'>
      <View className='pos-head'>
        <Text className='pos-head__name'>{enrolment.name}</Text>
        <Text className='pos-head__sub'>已登记定点医药机构 · {enrolment.medinsNo}</Text>
      </View>
      <ErrorLine code={error} />

      {!visit ? (
        <View>
          <View className='pos-panel'>
            <Text className='pos-panel__title'>第一步：扫描患者医保码</Text>
            <PayCodeEntry onText={(t) => void posStore.getState().scan(t)} disabled={busy === 'scan'} />
            {busy === 'scan' ? <Text className='pos-hint'>正在核验医保码…</Text> : null}
          </View>
          <History />
        </View>
      ) : (
        <View>
          <View className='pos-patient'>
            <Text className='pos-patient__name'>参保人 {visit.psnName}</Text>
            <Text className='pos-patient__sub'>
              {visit.insuplc} · {visit.insutypeName}
            </Text>
            {visit.familyPayerName ? <Text className='pos-patient__family'>家庭共济：由 {visit.familyPayerName} 的个人账户支付</Text> : null}
          </View>

          {!current ? (
            <View>
              <Cart />
              <Catalogue />
              <Button className='pos-btn pos-btn--secondary' onClick={() => posStore.getState().nextPatient()}>
                取消本次，换下一位
              </Button>
            </View>
          ) : (
            <View>
              {current.status === 'pending' ? (
                <View className='pos-wait'>
                  <Text className='pos-wait__title'>已提交，请患者在手机上确认支付</Text>
                  <Text className='pos-hint'>患者确认后此处自动显示结果。</Text>
                  <Button className='pos-btn pos-btn--secondary' onClick={() => void posStore.getState().poll()}>
                    刷新结果
                  </Button>
                </View>
              ) : current.status === 'settled' ? (
                <View className='pos-done'>
                  <Text className='pos-done__title'>支付完成</Text>
                  <Text className='pos-done__text'>{current.split.psnCashPay > 0
                      ? `请收取现金 ${yuan(current.split.psnCashPay)}`
                      : `无需收取现金（医保统筹付 ${yuan(current.split.hifpPay)}，个人账户付 ${yuan(current.split.acctPay)}）`}</Text>
                </View>
              ) : (
                <View className='pos-failed'>
                  <Text className='pos-failed__title'>{current.status === 'declined' ? '患者已拒绝支付' : '已退费'}</Text>
                </View>
              )}
              <Receipt s={current} />
              <MedpaySplitView split={current.split} familyPayerName={current.familyPayerName} audience='counter' />
              <MedpayLines lines={current.lines} />
              {current.status === 'settled' ? (
                <Button className={`pos-btn pos-btn--secondary${busy === 'refund' ? ' pos-btn--off' : ''}`} disabled={busy === 'refund'} onClick={() => void posStore.getState().refund(current.setlId)}>
                  退费
                </Button>
              ) : null}
              {current.status !== 'pending' ? (
                <Button className='pos-btn pos-btn--primary' onClick={() => posStore.getState().nextPatient()}>
                  下一位患者
                </Button>
              ) : null}
            </View>
          )}
        </View>
      )}
    </CarePage>
  )
}
