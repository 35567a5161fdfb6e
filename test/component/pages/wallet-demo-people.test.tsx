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
