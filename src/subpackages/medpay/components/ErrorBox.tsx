import { ErrorAlert } from '../../../components/ErrorAlert'

/** The medpay pages' error alert. */
export function ErrorBox({ code, hint, onClose }: { code: string | null; hint?: string; onClose?: () => void }) {
  return <ErrorAlert block='mp-alert' code={code} hint={hint} onClick={onClose} />
}
