import type { ComputerLinkProps } from './ComputerLink.types'

/** H5: the browser downloads the 原件 itself (see ComputerLink.types.ts). */
export default function ComputerLink(_props: ComputerLinkProps) {
  return null
}
