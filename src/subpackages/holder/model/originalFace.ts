import { maskValue } from '../../../certs/mask'
import type { CertModule } from '../../../certs/types'
import type { OfdPage } from '../../../services/ofd/readOriginal'

/** One thing to draw, in design px (designWidth 750) from the page's top left. */
export type FaceItem =
  | { type: 'text'; left: number; top: number; fontSize: number; bold: boolean; text: string; name: string | null; masked: boolean }
  | { type: 'line'; left: number; top: number; width: number; height: number }

/**
 * The 照面 as the OFD's own page draws it (text objects at their positions, axis-aligned path
 * segments as lines), scaled to `widthPx`. Values of fields the kind masks (ID number, address …)
 * are masked as on the card unless `revealed`; hidden fields are left out.
 */
export function faceItems(page: OfdPage, module: CertModule, opts: { widthPx: number; revealed: boolean }): { items: FaceItem[]; heightPx: number } {
  const k = opts.widthPx / page.width
  const items: FaceItem[] = []
  for (const o of page.objects) {
    if (o.type === 'text') {
      let text = o.text
      let masked = false
      const name = o.name?.startsWith('field:') ? o.name.slice('field:'.length) : null
      const spec = name ? module.fields.find((f) => f.name === name) : undefined
      if (name && (!spec || spec.sensitivity === 'hidden')) continue
      if (spec?.sensitivity === 'masked' && !opts.revealed) {
        text = spec.mask ? maskValue(spec.mask, text) : '****'
        masked = true
      }
      items.push({ type: 'text', left: o.x * k, top: (o.y - o.size) * k, fontSize: o.size * k, bold: o.bold, text, name: o.name, masked })
    } else {
      // "M x y L x y … C": consecutive points; each horizontal or vertical segment becomes a line.
      const tokens = o.data.trim().split(/\s+/)
      const points: [number, number][] = []
      let start: [number, number] | null = null
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]
        if (t === 'M' || t === 'L') {
          const p: [number, number] = [Number(tokens[i + 1]), Number(tokens[i + 2])]
          if (t === 'M') start = p
          points.push(p)
          i += 2
        } else if (t === 'C' && start) points.push(start)
      }
      const w = Math.max(1, o.lineWidth * k)
      for (let i = 1; i < points.length; i++) {
        const [x1, y1] = points[i - 1]
        const [x2, y2] = points[i]
        if (y1 === y2) items.push({ type: 'line', left: Math.min(x1, x2) * k, top: y1 * k - w / 2, width: Math.abs(x2 - x1) * k, height: w })
        else if (x1 === x2) items.push({ type: 'line', left: x1 * k - w / 2, top: Math.min(y1, y2) * k, width: w, height: Math.abs(y2 - y1) * k })
      }
    }
  }
  return { items, heightPx: page.height * k }
}
