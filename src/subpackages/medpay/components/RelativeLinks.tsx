import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { medpayStore, useMedpay } from '../../../store/featureStores'
import type { MedpayFamilyGrant, MedpayRelativeLink } from '../../../services/api/types'

/** The payer declared what I am to them; seen from my side it turns round. */
const PAYER_IS: Record<MedpayRelativeLink['relation'], string> = { parent: '子女', child: '父母', spouse: '配偶' }
const GRANT_TEXT: Record<MedpayFamilyGrant, string> = { 'show-code': '出示您的医保码', pay: '用其个人账户为您支付' }

async function confirmEnd(l: MedpayRelativeLink): Promise<boolean> {
  try {
    const r = await Taro.showModal({
      title: '解除亲情账户',
      content: `解除后，${l.payerName} 不能再出示您的医保码，也不能再为您支付（包括尚未确认的费用）。`,
      confirmText: '确定解除',
      cancelText: '取消',
      confirmColor: '#b3261e'
    })
    return !!r.confirm
  } catch {
    return false
  }
}

/**
 * 谁可以为我代付: the 亲情账户 links where this holder is the relative — who may act for me, what
 * exactly the link lets them do, and 解除 (the service ends it; their phone's copies of my code stop
 * working at the counter).
 */
export function RelativeLinks() {
  const links = useMedpay((s) => s.relativeLinks)
  const busy = useMedpay((s) => s.busy)
  useEffect(() => void medpayStore.getState().refreshRelativeLinks(), [])
  const active = links.filter((l) => l.status === 'active')
  if (active.length === 0) return null
  return (
    <View className='mp-relative'>
      <Text className='mp-section'>谁可以为我代付</Text>
      {active.map((l) => (
        <View key={l.linkId} className='mp-relative__item'>
          <Text className='mp-text'>
            {PAYER_IS[l.relation]} {l.payerName} 可以{l.grants.map((g) => GRANT_TEXT[g]).join('、')}。
          </Text>
          <Button
            className={`mp-btn${busy === 'link' ? ' mp-btn--off' : ''}`}
            disabled={busy === 'link'}
            onClick={async () => {
              if (await confirmEnd(l)) await medpayStore.getState().endRelativeLink(l.linkId)
            }}
          >
            解除
          </Button>
        </View>
      ))}
    </View>
  )
}
