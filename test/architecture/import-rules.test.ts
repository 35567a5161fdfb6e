/**
 * The layer rules of ARCHITECTURE.md, read off the import graph (STYLE.md §12): a rule written
 * only in prose erodes. Each rule names the files that break it, so a failure says where to look.
 */
import { edges, files, packagesOf, under } from '../support/importGraph'

const breaking = (from: (f: string) => boolean, to: (f: string) => boolean) => edges.filter((e) => from(e.from) && to(e.to)).map((e) => `${e.from} → ${e.to}`)

/** The pure bottom: certificate kinds and the vocabulary registries (purposes, roles, error codes). */
const PURE = ['src/certs', 'src/vocabulary'].map(under)
const isPure = (f: string) => PURE.some((p) => p(f))

describe('layer rules (ARCHITECTURE.md)', () => {
  it('reads a real graph', () => {
    expect(files.length).toBeGreaterThan(150)
    expect(edges.length).toBeGreaterThan(500)
  })

  it('src/store never imports from src/subpackages', () => {
    expect(breaking(under('src/store'), under('src/subpackages'))).toEqual([])
  })

  it('the pure bottom (src/certs, src/vocabulary) imports nothing above it, and no Taro or React', () => {
    const above = ['src/services', 'src/store', 'src/pages', 'src/components', 'src/subpackages'].map(under)
    expect(breaking(isPure, (f) => above.some((a) => a(f)))).toEqual([])
    const ui = files.filter(isPure).flatMap((f) => packagesOf(f).filter((p) => /^(@tarojs\/|react)/.test(p)).map((p) => `${f} → ${p}`))
    expect(ui).toEqual([])
  })

  it('src/services never imports from store, pages, components or subpackages', () => {
    const above = ['src/store', 'src/pages', 'src/components', 'src/subpackages'].map(under)
    expect(breaking(under('src/services'), (f) => above.some((a) => a(f)))).toEqual([])
  })

  it('src/store never imports UI (pages, components)', () => {
    expect(breaking(under('src/store'), (f) => under('src/pages')(f) || under('src/components')(f))).toEqual([])
  })

  it('src never imports mock/', () => {
    expect(breaking(under('src'), under('mock'))).toEqual([])
  })

  it('mock reaches src only through mock/coreImports.ts, and only pure core modules', () => {
    expect(breaking((f) => under('mock')(f) && f !== 'mock/coreImports.ts', under('src'))).toEqual([])
    // The public core the simulator may use: the vocabulary, formats, crypto and the API contract's types.
    const core = ['src/certs', 'src/vocabulary', 'src/services/crypto', 'src/services/encoding', 'src/services/errors', 'src/services/jws', 'src/services/sdjwt', 'src/services/trust', 'src/services/status', 'src/services/presentation', 'src/services/credential', 'src/services/api', 'src/services/institution', 'src/services/fileGrant', 'src/services/ofd', 'src/services/online'].map(under)
    expect(breaking((f) => f === 'mock/coreImports.ts', (f) => under('src')(f) && !core.some((c) => c(f)))).toEqual([])
  })

  it('src/verifier (the importable verifier entry point) reaches only the pure core, and no Taro or React', () => {
    const allowed = ['src/verifier', 'src/services', 'src/certs', 'src/vocabulary'].map(under)
    const ui = ['src/store', 'src/pages', 'src/components', 'src/subpackages', 'src/services/platform', 'src/services/auth', 'src/services/storage'].map(under)
    expect(breaking(under('src/verifier'), (f) => !allowed.some((a) => a(f)) || ui.some((u) => u(f)))).toEqual([])
    const pkgs = files.filter(under('src/verifier')).flatMap((f) => packagesOf(f).filter((p) => /^(@tarojs\/|react)/.test(p)).map((p) => `${f} → ${p}`))
    expect(pkgs).toEqual([])
  })

  it('a subpackage never imports another subpackage (each is downloaded on its own)', () => {
    const sub = (f: string) => /^src\/subpackages\/([^/]+)\//.exec(f)?.[1] ?? null
    const crossing = edges.filter((e) => sub(e.from) && sub(e.to) && sub(e.from) !== sub(e.to)).map((e) => `${e.from} → ${e.to}`)
    expect(crossing).toEqual([])
  })

  it('the WeChat main package (src/app.ts and src/pages) never loads code only subpackages need (issue #12)', () => {
    // Taro puts every module the main package imports into its common.js, whole (all the exports any
    // package uses): these files stay out of it by being imported only from src/subpackages.
    const SUBPACKAGE_ONLY = [
      'src/store/featureStores.ts',
      'src/store/presentationStore.ts',
      'src/store/medpayStore.ts',
      'src/store/delegationStore.ts',
      'src/store/usageStore.ts',
      'src/services/presentation/presentation.ts',
      'src/services/presentation/bearerCredential.ts',
      'src/services/api/client.ts',
      'src/services/api/operations.ts',
      'src/services/api/appClient.ts',
      'src/vocabulary/featureErrorText.ts',
      'src/components/featureErrorText.ts'
    ]
    const graph = new Map<string, string[]>()
    for (const e of edges) if (!e.typeOnly) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to])
    const entries = files.filter((f) => f === 'src/app.ts' || under('src/pages')(f))
    const via = new Map<string, string>(entries.map((f) => [f, '']))
    const queue = [...entries]
    while (queue.length) {
      const f = queue.shift()!
      for (const t of graph.get(f) ?? []) if (!via.has(t)) via.set(t, f) && queue.push(t)
    }
    const chain = (f: string): string => (via.get(f) ? `${chain(via.get(f)!)} → ${f}` : f)
    expect(SUBPACKAGE_ONLY.every((f) => files.includes(f))).toBe(true)
    expect(SUBPACKAGE_ONLY.filter((f) => via.has(f)).map(chain)).toEqual([])
    // …and the subpackages do reach them (else the list above checks nothing).
    expect(via.has('src/store/index.ts')).toBe(true)
  })

  it('src has no import cycles (runtime imports)', () => {
    const graph = new Map<string, string[]>()
    for (const e of edges) if (!e.typeOnly && under('src')(e.from) && under('src')(e.to)) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to])
    // Tarjan's strongly connected components: any component of two or more files is a cycle.
    let index = 0
    const idx = new Map<string, number>()
    const low = new Map<string, number>()
    const stack: string[] = []
    const onStack = new Set<string>()
    const cycles: string[][] = []
    const visit = (v: string) => {
      idx.set(v, index)
      low.set(v, index++)
      stack.push(v)
      onStack.add(v)
      for (const w of graph.get(v) ?? []) {
        if (!idx.has(w)) {
          visit(w)
          low.set(v, Math.min(low.get(v)!, low.get(w)!))
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
      }
      if (low.get(v) === idx.get(v)) {
        const comp: string[] = []
        let w: string
        do {
          w = stack.pop()!
          onStack.delete(w)
          comp.push(w)
        } while (w !== v)
        if (comp.length > 1) cycles.push(comp.sort())
      }
    }
    for (const v of graph.keys()) if (!idx.has(v)) visit(v)
    expect(cycles).toEqual([])
  })
})
