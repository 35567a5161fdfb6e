/**
 * The P-256 and SM2 curve objects are built on first use, once, not when their modules load: the
 * first screen imports both (the vault, 亮证's credential keys) and uses neither (docs/BENCHMARKS.md,
 * session 9).
 */
it('P-256 is built on first use and once', () => {
  jest.isolateModules(() => {
    const actual = jest.requireActual('@noble/curves/_shortw_utils')
    const createCurve = jest.fn(actual.createCurve)
    jest.doMock('@noble/curves/_shortw_utils', () => ({ ...actual, createCurve }))
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { p256, P256_N } = require('../../../../src/services/crypto/p256') as typeof import('../../../../src/services/crypto/p256')
    expect(createCurve).not.toHaveBeenCalled()
    expect(p256.CURVE.n).toBe(P256_N)
    const d = p256.utils.randomPrivateKey()
    expect(p256.getPublicKey(d, true)).toHaveLength(33)
    expect(createCurve).toHaveBeenCalledTimes(1)
  })
})

it('SM2 is built on first use and once', () => {
  jest.isolateModules(() => {
    const actual = jest.requireActual('@noble/curves/abstract/weierstrass')
    const weierstrassN = jest.fn(actual.weierstrassN)
    jest.doMock('@noble/curves/abstract/weierstrass', () => ({ ...actual, weierstrassN }))
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sm2 = require('../../../../src/services/crypto/sm2') as typeof import('../../../../src/services/crypto/sm2')
    expect(weierstrassN).not.toHaveBeenCalled()
    expect(sm2.sm2Point()).toBe(sm2.sm2Point())
    expect(weierstrassN).toHaveBeenCalledTimes(1)
  })
})
