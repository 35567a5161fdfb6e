import { displayField } from '../../../certs/mask'
import type { CertModule } from '../../../certs/types'
import { bearerFields } from '../../../certs/bearerFields'
import { BEARER_PREMASKED, type BearerUse } from '../../../vocabulary/bearerUses'
import { readBearerCredential, type VerifiedBearer } from '../../../services/presentation/bearerCredential'
import { WalletError } from '../../../services/errors'
import type { ApiClient } from '../../../services/api/client'
import type { ResultField, ResultView } from './resultView'
import type { VerifierRole } from '../../../vocabulary/roles'

/** A verified bearer credential for the green screen: fields in the use's order, Chinese labels. */
export function buildBearerView(v: VerifiedBearer, role: VerifierRole, registry: { modules: readonly CertModule[] }): ResultView {
  const module = registry.modules.find((m) => m.kind === v.kind)!
  const fields: ResultField[] = []
  for (const name of bearerFields(registry.modules, v.use, v.kind) ?? []) {
    if (!(name in v.claims)) continue
    const spec = module.fields.find((f) => f.name === name)
    if (!spec || spec.sensitivity === 'hidden') continue
    // Paper carries masked values already masked by the issuer: show them as signed.
    const premasked = BEARER_PREMASKED[v.use] && spec.sensitivity === 'masked'
    const revealed = !premasked && spec.sensitivity === 'masked' && role.reveal.includes(name)
    fields.push({ name, label: spec.label, value: displayField(module, name, v.claims[name], { revealed: revealed || premasked }), revealed })
  }
  return {
    purpose: v.use === 'degree-share' ? 'degree' : null,
    certs: [{ kind: v.kind, label: v.label, issuerName: v.issuer.name, issuerRegion: v.issuer.region, fields }],
    portrait: false,
    under18: false,
    bearer: { use: v.use, ref: v.ref, expiresAt: v.expiresAt }
  }
}

/** The use of a bearer text, read without verifying: only to explain a red screen. */
export function peekBearerUse(text: string, registry: { modules: readonly CertModule[] }): BearerUse | null {
  try {
    return readBearerCredential(text, registry).body.use
  } catch {
    return null
  }
}

const SHARE_CODE_RE = /^[A-HJ-NP-Z2-9]{16}$/
const shareCode = (text: string) => text.toUpperCase().replace(/[\s-]/g, '')

/** A 16-character 学历验证码 as a person types it (case, spaces and dashes do not count). */
export function isShareCode(text: string): boolean {
  return SHARE_CODE_RE.test(shareCode(text))
}

/**
 * The signed degree behind a 学历验证码 (online only). A revoked code is ERR_CERT_REVOKED (detail
 * `bearer-revoked`), an expired one ERR_CERT_EXPIRED, an unknown one ERR_NOT_FOUND; no API (a
 * store built without one) is ERR_NETWORK.
 */
export async function resolveShareCode(text: string, api: Pick<ApiClient, 'checkDegreeShare'> | undefined): Promise<string> {
  if (!api) throw new WalletError('ERR_NETWORK', { detail: 'no-api' })
  const answer = await api.checkDegreeShare(shareCode(text))
  if (answer.status === 'revoked') throw new WalletError('ERR_CERT_REVOKED', { detail: 'bearer-revoked' })
  if (answer.status === 'expired' || !answer.credential) throw new WalletError('ERR_CERT_EXPIRED', { detail: 'share' })
  return answer.credential
}
