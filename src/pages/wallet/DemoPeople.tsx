import { Button, Text } from '@tarojs/components'
import { apiBase } from '../../services/api'

/**
 * Holders seeded in the simulator (mock/simulator/seed.ts; a test keeps the two in step). A real
 * service has no such people: they are offered only while the app talks to the simulator.
 */
export const SIMULATOR_PEOPLE = [
  { name: '张明华', idNumber: '44010619900315001X', note: '广东 · 七类证照齐全' },
  { name: '王建国', idNumber: '510104197809210030', note: '四川 · 身份证已换领' },
  { name: '李秀英', idNumber: '330106195207080021', note: '浙江 · 退休人员' }
] as const

/** 演示账户: one tap starts the face check of a seeded holder; nothing at all with the real service. */
export function DemoPeople({ busy, onPick }: { busy: boolean; onPick: (name: string, idNumber: string) => void }) {
  if (!apiBase.simulator) return null
  return (
    <>
      <Text className='panel__subtitle'>演示账户（模拟政务平台）</Text>
      {SIMULATOR_PEOPLE.map((p) => (
        <Button key={p.idNumber} className={'btn btn--demo' + (busy ? ' btn--off' : '')} disabled={busy} onClick={() => onPick(p.name, p.idNumber)}>
          {p.name}（{p.note}）
        </Button>
      ))}
    </>
  )
}
