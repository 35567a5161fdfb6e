import {
  base64urlEncode,
  BEARER_PREFIX,
  DEFAULT_KB_MAX_AGE_SECONDS,
  DEFAULT_SKEW_SECONDS,
  type PurposeId,
  PRESENTATION_PREFIX,
  toWalletError,
  utf8Encode,
  verifyBearerCredential,
  verifyCredential,
  verifyPresentation
} from '../coreImports'
import { certForStatusEntry } from './certificates'
import { agentOfLink, checkDelegatedUse } from './delegation'
import type { SimulatorContext } from './context'
import { deactivatedKeys, presentationKeyX, setKeyRecord } from './devices'
import type { CertRecord } from './state'
import { statusAnswer, STATUS_URI_BASE } from './status'
import { trustListPayload } from './trust'
import { SimulatorError, type InstitutionPrincipal, type Simulator, type VerificationResult } from './types'

interface Verified {
  kind: string
  issuerName: string
  /** Claim names that went out. */
  fields: string[]
}

/**
 * Seconds after its `iat` a key binding still passes /verifications' check (verifySdJwt without an
 * expectation of its own: DEFAULT_KB_MAX_AGE_SECONDS, plus the clock skew): how long its replay id
 * is remembered.
 */
export const KB_REPLAY_WINDOW_SECONDS = DEFAULT_KB_MAX_AGE_SECONDS + DEFAULT_SKEW_SECONDS

/**
 * The replay id of a device-bound SD-JWT presentation: `kb:` + base64url SHA-256 of its key-binding
 * JWT's signing input (`header.payload`, already verified). That input holds `iat`, `aud`, `nonce`
 * and `sd_hash`, which pins the issuer-signed JWT and the disclosures in their order, so only the
 * device key can make a presentation with another id; a signature twin of the key binding (s → n − s,
 * or any other signature over the same input) has the same id, and a re-serialised one (disclosures
 * reordered or dropped) no longer matches its `sd_hash`. Keyed like the CW1 ids, on signed bytes,
 * never on a signature (issue #11 item 5); the prefix keeps the two kinds apart in the one cache.
 */
async function keyBindingReplayId(ctx: SimulatorContext, text: string): Promise<string> {
  const kb = text.slice(text.lastIndexOf('~') + 1)
  return 'kb:' + base64urlEncode(await ctx.backend.sha256(utf8Encode(kb.slice(0, kb.lastIndexOf('.')))))
}

/**
 * The `aud` a device-bound SD-JWT's key binding must carry for a registered verifier's signed check
 * at /verifications: the verifier's 统一社会信用代码, exactly as the root-signed institution registry
 * lists it (`id`, also the `kid` of its X-Institution-Signature). A holder's wallet that presents an
 * SD-JWT to a registered verifier puts this value in `aud`.
 */
export function keyBindingAudience(verifier: Pick<InstitutionPrincipal, 'id'>): string {
  return verifier.id
}

/** Verifies any of the three texts a verifier may hold, looking status up through `lookup`. */
async function verifyText(
  ctx: SimulatorContext,
  text: string,
  verifier: InstitutionPrincipal | undefined,
  lookup: (slug: string, idx: number, issuer: string) => Promise<ReturnType<typeof statusAnswer>>,
  note: { agentName?: string }
): Promise<Verified> {
  const trust = trustListPayload(ctx)
  const nowSec = ctx.nowSec()
  if (text.startsWith(PRESENTATION_PREFIX)) {
    const deactivated = deactivatedKeys(ctx)
    const v = await verifyPresentation(text, {
      trust,
      registry: ctx.registry,
      backend: ctx.backend,
      now: nowSec,
      status: ({ listId, idx, issuer }) => lookup(listId, idx, issuer),
      // Only a registered verifier's signed check spends the presentation's one use. An anonymous
      // caller is told whether it was already spent, but cannot burn a QR it merely saw.
      replay: verifier ? ctx.state.serverReplay : { check: (id, now) => ctx.state.serverReplay.assertUnseen(id, now) },
      // A registered verifier checks only what its registration allows.
      ...(verifier ? { purposes: verifier.purposes as PurposeId[] } : {}),
      isDeviceDeactivated: (x) => deactivated.has(x)
    })
    if (v.checks.status === 'short-lived') {
      // Layout 2 carries no status entries (issue #16): online, the platform looks up the
      // certificates behind the set key now, so a report sees a revocation at once (and the
      // holder's 用证记录 gets the check).
      const rec = setKeyRecord(ctx, presentationKeyX(ctx, text))
      // 代为出示 (issue #13): who presented is the link's agent as the platform knows them, for the record.
      const linkId = v.agent?.linkId ?? rec?.linkId
      if (linkId) note.agentName = agentOfLink(ctx, linkId) ?? undefined
      for (const ref of rec?.status ?? []) {
        const answer = await lookup(ref.slug, ref.idx, ctx.state.issuers.get(ref.slug)?.id ?? '')
        if (answer === 'invalid') throw new SimulatorError('ERR_CERT_REVOKED', 409)
        if (answer === 'suspended') throw new SimulatorError('ERR_CERT_SUSPENDED', 409)
      }
      // The link named in the QR must be the one the set was issued under, still active, the purpose in its scope.
      if (v.agent) checkDelegatedUse(ctx, v.agent.linkId, rec?.linkId, v.purpose)
      else if (rec?.linkId) throw new SimulatorError('ERR_DELEGATION_MISMATCH', 400, 'agent-missing')
    } else if (v.agent) throw new SimulatorError('ERR_DELEGATION_MISMATCH', 400, 'layout')
    return { kind: v.certs[0].kind, issuerName: v.certs[0].issuer.name, fields: v.certs.flatMap((c) => Object.keys(c.claims)) }
  }
  if (text.startsWith(BEARER_PREFIX)) {
    const v = await verifyBearerCredential(text, { trust, registry: ctx.registry, backend: ctx.backend, now: nowSec, status: ({ listId, idx, issuer }) => lookup(listId, idx, issuer) })
    return { kind: v.kind, issuerName: v.issuer.name, fields: Object.keys(v.claims) }
  }
  // The wallet's own full check (issuer listed for the kind, 证照标识 against iss/vct, key binding
  // required for a device-bound credential), not a subset of it.
  const v = await verifyCredential(text, {
    registry: ctx.registry,
    trust,
    backend: ctx.backend,
    now: nowSec,
    status: async ({ uri, idx, issuer }) => lookup(uri.startsWith(STATUS_URI_BASE) ? uri.slice(STATUS_URI_BASE.length) : '', idx, issuer)
  })
  if (v.keyBinding) {
    // A registered verifier spends only a presentation made for it: the key binding's `aud` must be
    // its 统一社会信用代码 as the root-signed registry lists it (the `kid` of its signature;
    // keyBindingAudience). Refused before the replay cache is touched, so another verifier that saw
    // the presentation cannot spend it, and the one it was made for still can. An anonymous check
    // holds no identity to compare: it only reads.
    if (verifier && v.keyBinding.aud !== keyBindingAudience(verifier)) throw new SimulatorError('ERR_KB_AUDIENCE_MISMATCH', 400)
    // Accepted so far: now its one use, as for a QR. Only a registered verifier's signed check spends
    // it (check and insert with no await between, so two checks at once cannot both pass); an
    // anonymous one reads the cache and spends nothing. (An SD-JWT without `cnf` has no key binding
    // to key on: a bearer copy, which our issuers do not issue.)
    const id = await keyBindingReplayId(ctx, text)
    if (verifier) ctx.state.serverReplay.check(id, nowSec, v.keyBinding.iat + KB_REPLAY_WINDOW_SECONDS)
    else ctx.state.serverReplay.assertUnseen(id, nowSec)
  }
  return { kind: v.kind, issuerName: v.issuer.name, fields: v.disclosed.filter((f) => f !== 'cert_id') }
}

/** 在线核验: a verifier sends what it scanned; the answer is recorded in the holder's 用证记录. */
export function createVerification(ctx: SimulatorContext): Pick<Simulator, 'verify'> {
  return {
    async verify(presentation, purpose, verifier) {
      const checkedAt = ctx.now().toISOString()
      if (!purpose?.trim()) throw new SimulatorError('ERR_PURPOSE_REQUIRED', 400)
      const text = typeof presentation === 'string' ? presentation.trim() : ''
      // Status entries the verification looked up: they name the certificates, so the holder.
      const seen: { slug: string; idx: number }[] = []
      const lookup = async (slug: string, idx: number, issuer: string) => {
        const answer = statusAnswer(ctx, slug, idx, issuer) // throws for a list of another issuer
        seen.push({ slug, idx })
        return answer
      }
      let result: VerificationResult
      let fields: string[] = []
      const note: { agentName?: string } = {}
      try {
        const v = await verifyText(ctx, text, verifier, lookup, note)
        fields = v.fields
        result = { ok: true, code: 'OK', kind: v.kind, issuerName: v.issuerName, checkedAt }
      } catch (e) {
        result = { ok: false, code: e instanceof SimulatorError ? e.code : toWalletError(e).code, checkedAt }
      }
      // Only entries of issuer-signed credentials reach the lookup, so the holder is known for sure.
      const recs = [...new Map(seen.map((r) => certForStatusEntry(ctx, r.slug, r.idx)).filter((r): r is CertRecord => r !== null).map((r) => [r.certId, r])).values()]
      // Only a signed call writes a record, and who checked is its registration, never the body.
      if (recs.length > 0 && verifier) {
        ctx.usage.record({
          holderId: recs[0].holderId,
          at: checkedAt,
          channel: 'verification',
          certIds: recs.map((r) => r.certId),
          kinds: [...new Set(recs.map((r) => r.kind))],
          purpose: purpose.trim(),
          verifier: { name: verifier.name, role: verifier.role },
          ...(note.agentName ? { agentName: note.agentName } : {}),
          fields: [...new Set(fields)],
          outcome: result.ok ? 'accepted' : 'rejected'
        })
      }
      return result
    }
  }
}
