/**
 * @jest-environment ./test/setup/jsdomEnvironment.js
 */
/**
 * The verifier's red screen for a suspended certificate says it in the kind's own words (交警 暂扣:
 * 驾驶证暂扣中) when the failure names the kind, and the general words otherwise.
 */
import { cleanup, render, screen } from '@testing-library/react'
import ResultScreen from '../../../../src/subpackages/verifier/components/ResultScreen'
import type { VerifierResult } from '../../../../src/subpackages/verifier/store/verifierStore'

afterEach(cleanup)

const failure = (over: Partial<Extract<VerifierResult, { ok: false }>>): VerifierResult => ({ ok: false, at: Date.parse('2026-11-27T04:00:00Z'), code: 'ERR_CERT_SUSPENDED', presentedPurpose: null, ...over })
const show = (result: VerifierResult) =>
  render(<ResultScreen result={result} role={null} online={true} materialUpdatedAt={null} refreshing={false} onDone={() => undefined} onRefresh={() => undefined} />)

it('says 驾驶证暂扣中 for a suspended driving licence', () => {
  show(failure({ suspendedKinds: ['driving-licence'] }))
  expect(screen.getByText('驾驶证暂扣中')).toBeTruthy()
  expect(screen.queryByText('证照已暂停使用')).toBeNull()
})

it('falls back to the general words for a kind without its own, or when no kind is named', () => {
  show(failure({ suspendedKinds: ['vehicle-licence'] }))
  expect(screen.getByText('证照已暂停使用')).toBeTruthy()
  cleanup()
  show(failure({}))
  expect(screen.getByText('证照已暂停使用')).toBeTruthy()
})
