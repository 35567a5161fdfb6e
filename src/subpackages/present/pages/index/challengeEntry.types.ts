/**
 * The verifier-challenge entry on the QR screen. Platform files: `ChallengeEntry.tsx` (WeChat,
 * Alipay: scans the verifier's QR with the camera) and `ChallengeEntry.h5.tsx` (H5: no camera
 * scanner, so the challenge text is pasted). Both take these props.
 */
export interface ChallengeEntryProps {
  /** Called with the scanned or pasted text (expected `CWN1:<nonce>`; the store checks it). */
  onChallenge(text: string): void
}
