/**
 * @jest-environment ./test/setup/jsdomEnvironment.js
 */
/**
 * 演示账户 on the wallet page: the simulator's seeded holders, offered only while the app talks to
 * the simulator, and the same people the simulator seeds.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { SEED_PEOPLE } from '../../../mock/simulator'
import { apiBase } from '../../../src/services/api/apiBase'
import { DemoPeople, SIMULATOR_PEOPLE } from '../../../src/pages/wallet/DemoPeople'
import { certModules } from '../../../src/certs/registry'

jest.mock('../../../src/services/api/apiBase', () => ({ apiBase: { baseUrl: '', simulator: 'local-server' } }))
const base = apiBase as { baseUrl: string; simulator: string | null }

afterEach(() => {
  cleanup()
  base.simulator = 'local-server'
})

it('offers the seeded holders with the simulator', () => {
  const onPick = jest.fn()
  render(<DemoPeople busy={false} onPick={onPick} />)
  expect(screen.getByText('演示账户（模拟政务平台）')).toBeTruthy()
  fireEvent.click(screen.getByRole('button', { name: /张明华/ }))
  expect(onPick).toHaveBeenCalledWith('张明华', '44010619900315001X')
})

it('offers nobody with the real service', () => {
  base.simulator = null
  const { container } = render(<DemoPeople busy={false} onPick={jest.fn()} />)
  expect(container.innerHTML).toBe('')
})

it('names people the simulator really seeds', () => {
  for (const p of SIMULATOR_PEOPLE) expect(SEED_PEOPLE.find((s) => s.idNumber === p.idNumber)?.name).toBe(p.name)
})

it("says how many certificates 张明华 really holds (the seed's count, in Chinese)", () => {
  const numerals = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二']
  const zhang = SEED_PEOPLE.find((s) => s.name === '张明华')!
  expect(SIMULATOR_PEOPLE[0].note).toBe(`广东 · ${numerals[zhang.certificates.length]}类证照齐全`)
  // Every kind the wallet ships is among them: he is the demo holder for all of them.
  expect(new Set(zhang.certificates.map((c) => c.kind))).toEqual(new Set(certModules.map((m) => m.kind)))
})
