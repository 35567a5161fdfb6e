import { useState } from 'react'
import Taro from '@tarojs/taro'
import '../../../../components/featureErrorText'
import CarePage from '../../../../components/CarePage'
import { Button, Input, Text, View } from '@tarojs/components'
import { medpayStore, useMedpay } from '../../../../store/featureStores'
import type { FamilyRelation } from '../../../../store/medpayStore'
import { RELATION_TEXT } from '../../../../components/medpayText'
import { maskValue } from '../../../../certs/mask'
import { ErrorBox } from '../../components/ErrorBox'
import '../medpay.css'

const RELATIONS: FamilyRelation[] = ['parent', 'child', 'spouse']

/**
 * 添加亲情账户: the relative's name and ID number, then the relative's own face check on this
 * phone (their consent). After that this phone can show the relative's 医保码 and pay from the
 * holder's personal account.
 */
export default function FamilyPage() {
  const face = useMedpay((s) => s.familyFace)
  const busy = useMedpay((s) => s.busy)
  const error = useMedpay((s) => s.error)
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [relation, setRelation] = useState<FamilyRelation>('parent')
  const [linked, setLinked] = useState<string | null>(null)

  if (linked) {
    return (
      <CarePage className='mp'>
        <View className='mp-ok'>
          <Text className='mp-ok__title'>已绑定</Text>
          <Text className='mp-ok__text'>现在可以在“医保支付”里出示 {linked} 的医保码，费用从您的个人账户支付。</Text>
        </View>
        <Button className='mp-btn mp-btn--primary' onClick={() => Taro.navigateBack()}>
          完成
        </Button>
      </CarePage>
    )
  }

  if (face) {
    return (
      <CarePage className='mp'>
        <Text className='mp-title'>请亲属本人刷脸</Text>
        <Text className='mp-text'>请把手机交给{name ? ` ${maskValue('name', name)} ` : '亲属'}本人，正对屏幕完成人脸核验。这表示亲属本人同意由您代为支付。</Text>
        {error ? <ErrorBox code={error} /> : null}
        <Text className='mp-note'>（模拟微信/支付宝刷脸：选择核验结果。亲属刷脸只用于同意绑定，不会在您的手机上登录亲属的证照夹）</Text>
        <Button
          className={`mp-btn mp-btn--primary${busy === 'link' ? ' mp-btn--off' : ''}`}
          disabled={busy === 'link'}
          onClick={async () => {
            const link = await medpayStore.getState().finishFamilyLink(true)
            if (link) setLinked(`${RELATION_TEXT[link.relation]} ${link.relativeName}`)
          }}
        >
          模拟亲属本人核验通过
        </Button>
        <Button className='mp-btn' disabled={busy === 'link'} onClick={() => void medpayStore.getState().finishFamilyLink(false)}>
          模拟核验失败
        </Button>
      </CarePage>
    )
  }

  const ready = name.trim() && idNumber.trim().length === 18
  return (
    <CarePage className='mp'>
      <Text className='mp-title'>添加亲情账户</Text>
      <Text className='mp-text'>绑定后，您可以出示亲属的医保码，并用您的个人账户为亲属支付。需要亲属本人刷脸同意。</Text>
      {error ? <ErrorBox code={error} onClose={() => medpayStore.getState().clearError()} /> : null}
      <Text className='mp-section'>亲属是您的</Text>
      <View className='mp-choice'>
        {RELATIONS.map((r) => (
          <Text key={r} className={`mp-choice__item${relation === r ? ' mp-choice__item--on' : ''}`} onClick={() => setRelation(r)}>
            {RELATION_TEXT[r]}
          </Text>
        ))}
      </View>
      <Input className='mp-input' placeholder='亲属姓名' value={name} onInput={(e) => setName(e.detail.value)} />
      <Input className='mp-input' placeholder='亲属身份证号码' maxlength={18} value={idNumber} onInput={(e) => setIdNumber(e.detail.value)} />
      <Button
        className={`mp-btn mp-btn--primary${!ready || busy === 'link' ? ' mp-btn--off' : ''}`}
        disabled={!ready || busy === 'link'}
        onClick={() => void medpayStore.getState().beginFamilyLink(name, idNumber, relation)}
      >
        下一步：亲属本人刷脸
      </Button>
    </CarePage>
  )
}
