/**
 * WeChat / Alipay: the platform's own navigation bar has the back arrow, so nothing is drawn.
 * H5 draws one (BackBar.h5.tsx).
 */
export default function BackBar() {
  return null
}
