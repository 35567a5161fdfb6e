import { Button, Text, View } from '@tarojs/components'
import { purposeLabels } from '../../../vocabulary/purposeText'
import { VERIFIER_ROLES, type VerifierRoleId } from '../../../vocabulary/roles'

/** 我是…: four large choices; the choice is remembered on this device. */
export default function RolePicker({ current, onPick }: { current: VerifierRoleId | null; onPick(role: VerifierRoleId): void }) {
  return (
    <View className='vf-panel'>
      <Text className='vf-panel__title'>请选择核验身份</Text>
      <Text className='vf-panel__text'>本机只核验所选身份可以查看的证照用途，选择后会记住。</Text>
      {VERIFIER_ROLES.map((r) => (
        <Button key={r.id} className={`vf-role${current === r.id ? ' vf-role--current' : ''}`} onClick={() => onPick(r.id)}>
          <Text className='vf-role__label'>{r.label}</Text>
          <Text className='vf-role__desc'>{r.description}</Text>
          <Text className='vf-role__purposes'>接受：{r.purposes.map((p) => purposeLabels[p]).join('、')}</Text>
        </Button>
      ))}
    </View>
  )
}
