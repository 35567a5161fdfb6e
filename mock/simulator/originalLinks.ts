import { sha256 } from '@noble/hashes/sha256'
import { base64urlDecode, base64urlEncode } from '../coreImports'
import { isoOfSec } from './clock'
import { holderCert } from './certificates'
import type { SimulatorContext } from './context'
import { SimulatorError, type Simulator } from './types'

/**
 * 电脑下载链接 (#14, Alipay): Alipay mini-programs cannot hand a file to another app (my.saveFile
 * keeps it inside the app; sharing shares a page, not a file), so the holder asks the platform for
 * a short-lived, single-use link to the 原件 and opens it on a computer (shown as a link and a QR).
 *
 * - The link's token (32 random bytes) is the only credential of the download; the platform keeps
 *   its SHA-256, never the token, so the state file holds no live link.
 * - 10 minutes; the first download spends it (later: ERR_DOWNLOAD_LINK_USED, after the time:
 *   ERR_DOWNLOAD_LINK_EXPIRED, both 410); a token never issued, or forgotten a day after its end,
 *   is 404.
 * - A new link for the same certificate ends the holder's previous unused one (expired from then).
 * - The OFD is sealed at download, as getOriginal does; a certificate revoked meanwhile is 409.
 */
export const ORIGINAL_LINK_TTL_SEC = 600
/** How long an ended link is remembered (to say "used" / "expired" rather than "unknown"). */
const REMEMBER_SEC = 86_400
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

export interface OriginalLinkRecord {
  holderId: string
  certId: string
  issuedAt: number
  expiresAt: number
  usedAt: number | null
}

const digestOf = (token: string) => base64urlEncode(sha256(base64urlDecode(token)))

/** The certificate's file name as the browser saves it: 证照名称-证照标识.ofd (ASCII-safe id only). */
function fileNameOf(label: string, certId: string): string {
  return `${label}-${certId.replace(/[^A-Za-z0-9.-]/g, '')}.ofd`
}

export function createOriginalLinks(ctx: SimulatorContext, issueOriginal: Simulator['issueOriginal']): Pick<Simulator, 'createOriginalLink' | 'downloadOriginal'> {
  const prune = (now: number) => {
    for (const [k, l] of ctx.state.originalLinks) if (l.expiresAt + REMEMBER_SEC < now) ctx.state.originalLinks.delete(k)
  }
  return {
    createOriginalLink(holderId, certId, downloadBase) {
      const rec = holderCert(ctx, holderId, certId)
      // Refused now rather than at the download: a revoked or superseded certificate has no 原件.
      issueOriginal(holderId, certId)
      const now = ctx.nowSec()
      prune(now)
      for (const l of ctx.state.originalLinks.values()) if (l.holderId === holderId && l.certId === certId && l.usedAt === null && l.expiresAt > now) l.expiresAt = now
      const token = base64urlEncode(ctx.random(32))
      const link: OriginalLinkRecord = { holderId, certId, issuedAt: now, expiresAt: now + ORIGINAL_LINK_TTL_SEC, usedAt: null }
      ctx.state.originalLinks.set(digestOf(token), link)
      const module = ctx.registry.require(rec.kind)
      return { certId, url: `${downloadBase}/original-downloads/${token}`, expiresAt: isoOfSec(link.expiresAt), fileName: fileNameOf(module.label, certId) }
    },
    downloadOriginal(token) {
      const notFound = () => new SimulatorError('ERR_NOT_FOUND', 404, 'link')
      if (!TOKEN_PATTERN.test(token)) throw notFound()
      let digest: string
      try {
        digest = digestOf(token)
      } catch {
        // Not canonical base64url (an altered last character): never one we issued.
        throw notFound()
      }
      const link = ctx.state.originalLinks.get(digest)
      if (!link) throw notFound()
      const now = ctx.nowSec()
      if (link.usedAt !== null) throw new SimulatorError('ERR_DOWNLOAD_LINK_USED', 410)
      if (now >= link.expiresAt) throw new SimulatorError('ERR_DOWNLOAD_LINK_EXPIRED', 410)
      const original = issueOriginal(link.holderId, link.certId)
      link.usedAt = now
      const rec = ctx.state.certs.get(link.certId)!
      ctx.usage.record({
        holderId: link.holderId,
        at: ctx.now().toISOString(),
        channel: 'file-retrieval',
        certIds: [link.certId],
        kinds: [rec.kind],
        purpose: '原件下载（本人生成的电脑下载链接）',
        verifier: null,
        fields: Object.keys(rec.claims),
        outcome: 'accepted'
      })
      return { fileName: fileNameOf(ctx.registry.require(rec.kind).label, link.certId), ofd: base64urlDecode(original.ofd) }
    }
  }
}
