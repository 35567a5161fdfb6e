import { issueSdJwt, parseCertId, standardStatusOf } from '../coreImports'
import { DAY, isoOfSec } from './clock'
import { ageOver18, capToDocument, currentStatus, holderCert } from './certificates'
import type { SimulatorContext } from './context'
import { assertDeviceKey, registerDevice } from './devices'
import type { CertRecord } from './state'
import { STATUS_URI_BASE } from './status'
import { signingKey } from './trust'
import { SimulatorError, type CertificateSummary, type Simulator } from './types'

/** A certificate as the holder's list shows it; kind facts come from the registry, policy from the issuer. */
export function certificateSummary(ctx: SimulatorContext, rec: CertRecord): CertificateSummary {
  const module = ctx.registry.require(rec.kind)
  const untilField = module.validity.validUntilField
  const status = currentStatus(ctx, rec)
  const standardStatus = standardStatusOf(status)
  return {
    certId: rec.certId,
    kind: rec.kind,
    title: module.label,
    issuerId: rec.issuer.id,
    issuerName: rec.issuer.name,
    status,
    ...(standardStatus ? { standardStatus } : {}),
    version: parseCertId(rec.certId).version,
    validUntil: untilField ? String(rec.claims[untilField] ?? '长期') : '长期',
    purposeRequired: rec.issuer.purposeRequired === true
  }
}

/** 领证: a holder's certificates, and each one as an SD-JWT VC bound to the phone's key. */
export function createIssuing(ctx: SimulatorContext): Pick<Simulator, 'listCertificates' | 'issueCredential'> {
  return {
    listCertificates(holderId) {
      return [...ctx.state.certs.values()].filter((r) => r.holderId === holderId && r.status !== 'superseded').map((r) => certificateSummary(ctx, r))
    },
    async issueCredential(holderId, certId, deviceKey, purpose) {
      const rec = holderCert(ctx, holderId, certId)
      assertDeviceKey(deviceKey)
      if (certificateSummary(ctx, rec).purposeRequired && !purpose?.trim()) throw new SimulatorError('ERR_PURPOSE_REQUIRED', 400)
      const st = currentStatus(ctx, rec)
      if (st === 'revoked' || st === 'superseded') throw new SimulatorError('ERR_CERT_REVOKED', 409)
      registerDevice(ctx, holderId, deviceKey)
      const module = ctx.registry.require(rec.kind)
      const iat = ctx.nowSec()
      const exp = capToDocument(iat + module.validity.credentialLifetimeDays * DAY, module, rec.claims)
      const disclosable: Record<string, unknown> = { cert_id: rec.certId }
      for (const f of module.fields) if (rec.claims[f.name] !== undefined) disclosable[f.name] = rec.claims[f.name]
      if (module.fields.some((f) => f.name === 'age_over_18')) {
        const over = ageOver18(rec.claims, iat)
        if (over !== undefined) disclosable.age_over_18 = over
      }
      const { kty, crv, x, y } = deviceKey
      const credential = await issueSdJwt({
        payload: {
          iss: rec.issuer.id,
          iat,
          nbf: iat,
          exp,
          vct: module.vct,
          cnf: { jwk: { kty, crv, x, y } },
          status: { status_list: { idx: rec.statusIdx, uri: STATUS_URI_BASE + rec.issuer.slug } }
        },
        disclosable,
        issuerKey: signingKey(rec.issuer, iat).privateJwk,
        backend: ctx.backend,
        random: ctx.random
      })
      return { certId: rec.certId, kind: rec.kind, credential, issuedAt: isoOfSec(iat) }
    }
  }
}
