import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { certRegistry } from '../../certs/registry'
import { delegationStore, useDelegation, useWallet } from '../../store'
import { agentLinks } from '../../store/delegationCore'
import type { PurposeId } from '../../certs/types'
import { purposeLabels } from '../../vocabulary/purposeText'
import { IdText } from '../../components/IdText'

/** 家人代办 (issue #13): its page in the holder subpackage. */
export const FAMILY_URL = '/subpackages/holder/pages/family/index'

/**
 * 家人的证照: a relative's cards this holder may present for (a 家人代办 link), in a group of their
 * own below the holder's. One card per relative, naming the kinds fetched and the purposes allowed;
 * a tap opens 家人代办 (whose card to show, 代为出示).
 */
export function FamilyCards() {
  const holderId = useWallet((s) => s.holder?.holderId ?? null)
  const locked = useWallet((s) => s.locked)
  const links = useDelegation((s) => s.links)
  const batches = useDelegation((s) => s.batches)
  useEffect(() => {
    if (holderId && !locked) void delegationStore.getState().refresh()
  }, [holderId, locked])
  const mine = agentLinks({ links })
  if (!holderId || mine.length === 0) return null
  return (
    <View className='group group--family'>
      <Text className='group__title'>家人的证照</Text>
      {mine.map((l) => {
        const kinds = [...new Set(Object.values(batches[l.linkId] ?? {}).flatMap((b) => b?.kinds ?? []))]
        return (
          <View key={l.linkId} className='card card--family' onClick={() => Taro.navigateTo({ url: FAMILY_URL })} aria-label={`${l.relativeName}的证照，家人代办`}>
            <View className='card__head'>
              <Text className='card__label'>家人代办</Text>
            </View>
            <Text className='card__title'>{l.relativeName}</Text>
            <View className='card__row'>
              <Text className='card__key'>身份证</Text>
              <IdText className='card__value' value={l.relativeIdMasked} mask='id-number' />
            </View>
            <View className='card__row'>
              <Text className='card__key'>证照</Text>
              <Text>{kinds.length ? kinds.map((k) => certRegistry.find(k)?.label ?? k).join('、') : '联网后获取'}</Text>
            </View>
            <View className='card__row'>
              <Text className='card__key'>可代为出示</Text>
              <Text>{l.purposes.map((p) => purposeLabels[p as PurposeId] ?? p).join('、')}</Text>
            </View>
          </View>
        )
      })}
    </View>
  )
}
