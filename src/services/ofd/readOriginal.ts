import { WalletError } from '../errors'
import { utf8Decode } from '../encoding'
import { dirOf, resolveOfdPath, unpackOfd } from './package'
import { child, childrenNamed, parseXml, type XmlElement } from './xml'
import { META, type OriginalMetadata } from './original'

/** One object of the page, in millimetres from the page's top left (y: the text baseline). */
export type PageObject =
  | { type: 'text'; name: string | null; x: number; y: number; size: number; bold: boolean; text: string }
  | { type: 'path'; name: string | null; data: string; lineWidth: number; color: string | null }

export interface OfdPage {
  width: number
  height: number
  objects: PageObject[]
  /** Text of the page's annotations (a 加注件's 加注), from Document.xml's Annotations. */
  annotations: PageObject[]
}

export interface ParsedOfd {
  files: Map<string, Uint8Array>
  metadata: OriginalMetadata
  /** Every page, in the document's order. */
  pages: OfdPage[]
  /** Package path of the one seal signature's Signature.xml. */
  signaturePath: string
  /** Every CustomData of OFD.xml, by name (the metadata above, and a 加注件's own). */
  custom: Map<string, string>
}

const bad = (detail: string) => new WalletError('ERR_MALFORMED', { detail: 'ofd-' + detail })

export function xmlFile(files: Map<string, Uint8Array>, path: string): XmlElement {
  const bytes = files.get(path)
  if (!bytes) throw new WalletError('ERR_OFD_FILE_MISSING', { detail: path })
  let text: string
  try {
    text = utf8Decode(bytes)
  } catch {
    throw bad('utf8')
  }
  return parseXml(text)
}

function numbers(text: string | undefined, count: number, what: string): number[] {
  const n = (text ?? '').trim().split(/\s+/).map(Number)
  if (n.length !== count || n.some((v) => !Number.isFinite(v))) throw bad(what)
  return n
}

function readObjects(node: XmlElement): PageObject[] {
  const objects: PageObject[] = []
  const walk = (node: XmlElement) => {
    for (const c of node.children) {
      if (c.local === 'TextObject') {
        const [bx, by] = numbers(c.attrs.Boundary, 4, 'boundary')
        const size = Number(c.attrs.Size)
        if (!Number.isFinite(size) || size <= 0) throw bad('text-size')
        for (const code of childrenNamed(c, 'TextCode')) {
          const x = Number(code.attrs.X ?? 0)
          const y = Number(code.attrs.Y ?? 0)
          if (!Number.isFinite(x) || !Number.isFinite(y)) throw bad('text-code')
          objects.push({ type: 'text', name: c.attrs.Name ?? null, x: bx + x, y: by + y, size, bold: Number(c.attrs.Weight ?? 400) >= 700, text: code.text })
        }
      } else if (c.local === 'PathObject') {
        const data = child(c, 'AbbreviatedData', 'path-data').text
        if (!/^[MLCQBAS\d.\s-]*$/.test(data)) throw bad('path-data')
        const stroke = c.children.find((x) => x.local === 'StrokeColor')?.attrs.Value ?? null
        objects.push({ type: 'path', name: c.attrs.Name ?? null, data, lineWidth: Number(c.attrs.LineWidth ?? 0.353), color: stroke })
      } else walk(c)
    }
  }
  walk(node)
  return objects
}

function readPage(files: Map<string, Uint8Array>, path: string, box: number[]): OfdPage {
  const page = xmlFile(files, path)
  return { width: box[2], height: box[3], objects: readObjects(child(page, 'Content', 'page-content')), annotations: [] }
}

/**
 * Reads a 原件's structure (no check of any digest or signature: verifyOriginal does that): the
 * metadata from OFD.xml's CustomDatas, the pages' text and path objects, where the seal is.
 */
export function readOfd(bytes: Uint8Array): ParsedOfd {
  const files = unpackOfd(bytes)
  const ofd = xmlFile(files, 'OFD.xml')
  if (ofd.local !== 'OFD') throw bad('root')
  const bodies = childrenNamed(ofd, 'DocBody')
  if (bodies.length !== 1) throw bad('doc-body')
  const body = bodies[0]
  const info = child(body, 'DocInfo', 'doc-info')
  const custom = new Map<string, string>()
  for (const d of childrenNamed(child(info, 'CustomDatas', 'custom-datas'), 'CustomData')) {
    if (custom.has(d.attrs.Name)) throw bad('custom-data-duplicate')
    custom.set(d.attrs.Name, d.text)
  }
  const metadata = {} as OriginalMetadata
  for (const k of Object.keys(META) as (keyof typeof META)[]) {
    const v = custom.get(META[k])
    if (v === undefined) throw bad('metadata-' + k)
    metadata[k] = v
  }
  const docPath = resolveOfdPath(child(body, 'DocRoot', 'doc-root').text.trim())
  const doc = xmlFile(files, docPath)
  const docDir = dirOf(docPath)
  const common = child(doc, 'CommonData', 'common-data')
  const box = numbers(child(child(common, 'PageArea', 'page-area'), 'PhysicalBox', 'physical-box').text, 4, 'physical-box')
  const pageEls = childrenNamed(child(doc, 'Pages', 'pages'), 'Page')
  const pages = pageEls.map((p) => readPage(files, resolveOfdPath(p.attrs.BaseLoc ?? '', docDir), box))
  if (pages.length === 0) throw bad('no-page')
  const annotsRef = doc.children.find((c) => c.local === 'Annotations')
  if (annotsRef) {
    const annotsPath = resolveOfdPath(annotsRef.text.trim(), docDir)
    for (const ap of childrenNamed(xmlFile(files, annotsPath), 'Page')) {
      const index = pageEls.findIndex((p) => p.attrs.ID === ap.attrs.PageID)
      if (index < 0) throw bad('annotation-page')
      const annot = xmlFile(files, resolveOfdPath(child(ap, 'FileLoc', 'annotation-file').text.trim(), dirOf(annotsPath)))
      pages[index].annotations.push(...readObjects(annot))
    }
  }
  const sigsPath = resolveOfdPath(child(body, 'Signatures', 'signatures').text.trim())
  const sigs = childrenNamed(xmlFile(files, sigsPath), 'Signature')
  if (sigs.length !== 1 || sigs[0].attrs.Type !== 'Seal') throw bad('signature-count')
  const signaturePath = resolveOfdPath(sigs[0].attrs.BaseLoc ?? '', dirOf(sigsPath))
  return { files, metadata, pages, signaturePath, custom }
}
