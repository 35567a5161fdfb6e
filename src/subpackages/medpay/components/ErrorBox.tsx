import { ErrorAlert } from '../../../components/ErrorAlert'
import { useMedpay } from '../../../store/featureStores'

/** The medpay pages' error alert; a 429 says how long to wait (the medpay store's Retry-After). */
export function ErrorBox({ code, hint, onClose }: { code: string | null; hint?: string; onClose?: () => void }) {
  const retryAfter = useMedpay((s) => s.errorRetryAfter)
  return <ErrorAlert block='mp-alert' code={code} hint={hint} retryAfterSeconds={retryAfter} onClick={onClose} />
}
