import type { GenericSchema } from 'valibot'
import { CertificateCatalogue as CatalogueSchema } from '../api/generated/schemas'
import type { CertificateCatalogue } from '../api/types'
import { schemaMismatch } from '../api/validate'
import type { CryptoBackend, EcPublicJwk } from '../crypto/types'
import { WalletError } from '../errors'
import { verifyRootSigned } from './verifyRootSigned'

/** `typ` of the root-signed 证照目录 (GET /certificate-catalogue). */
export const CERTIFICATE_CATALOGUE_TYP = 'certificate-catalogue+jwt'

/**
 * The 证照目录 checked like the trust list: root signature (ERR_TRUST_LIST_SIGNATURE; a wrong typ is
 * ERR_TYP_INVALID), then the payload's shape (ERR_MALFORMED) and its expiry (ERR_TRUST_LIST_EXPIRED),
 * every detail `certificate-catalogue`. It names types and issuers; a credential is still verified
 * against the trust list alone.
 */
export async function verifyCertificateCatalogue(jws: string, rootKeys: readonly EcPublicJwk[], backend: CryptoBackend, nowSeconds: number): Promise<CertificateCatalogue> {
  const what = 'certificate-catalogue'
  const payload = await verifyRootSigned<unknown>(jws, { typ: CERTIFICATE_CATALOGUE_TYP, what }, rootKeys, backend)
  if (schemaMismatch(CatalogueSchema as GenericSchema, payload) !== null) throw new WalletError('ERR_MALFORMED', { detail: what })
  const catalogue = payload as CertificateCatalogue
  if (nowSeconds > catalogue.exp) throw new WalletError('ERR_TRUST_LIST_EXPIRED', { detail: what })
  return catalogue
}
