/**
 * The 原件 page draws the 照面 from the OFD's own page objects: text at its place, the frame's
 * lines, the ID number and address masked as on the card until revealed, hidden fields left out.
 */
import { readOfd } from '../../../../src/services/ofd/readOriginal'
import { faceItems } from '../../../../src/subpackages/holder/model/originalFace'
import { ofdWorld } from '../../../support/ofdFixtures'

it('draws the page text and lines, masked by default and whole when revealed', () => {
  const w = ofdWorld()
  const page = readOfd(w.build()).pages[0]
  const masked = faceItems(page, w.module, { widthPx: 690, revealed: false })
  const texts = (items: typeof masked.items) => Object.fromEntries(items.flatMap((i) => (i.type === 'text' && i.name ? [[i.name, i.text]] : [])))
  expect(texts(masked.items)['field:id_number']).toBe('440106********001X')
  expect(texts(masked.items)['field:address']).toBe('广东省广州市****')
  expect(texts(masked.items)['field:name']).toBe('张明华')
  expect(texts(masked.items)['title']).toBe('居民身份证电子证照')
  expect(masked.items.some((i) => i.type === 'text' && i.name === 'field:portrait_hash')).toBe(false)
  // The frame: four edges and the rule under the title, scaled to 690 px for a 140 mm page.
  const lines = masked.items.filter((i) => i.type === 'line')
  expect(lines).toHaveLength(5)
  expect(Math.max(...lines.map((l) => (l.type === 'line' ? l.width : 0)))).toBeCloseTo((136 * 690) / 140, 5)
  expect(masked.heightPx).toBeCloseTo((page.height * 690) / 140, 5)
  const shown = faceItems(page, w.module, { widthPx: 690, revealed: true })
  expect(texts(shown.items)['field:id_number']).toBe('44010619900315001X')
  expect(texts(shown.items)['field:address']).toBe('广东省广州市天河区天河路385号')
})
