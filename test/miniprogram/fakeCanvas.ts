/** A 2d canvas node (as a selector query gives it) that paints into an RGBA buffer, for jsQR. */
export function pixelCanvas() {
  const canvas = { width: 0, height: 0, data: new Uint8ClampedArray(0), draws: 0, getContext: () => ctx }
  const ctx = {
    fillStyle: '' as unknown,
    fillRect(x: number, y: number, w: number, h: number) {
      if (x === 0 && y === 0 && w === canvas.width) {
        canvas.data = new Uint8ClampedArray(canvas.width * canvas.height * 4)
        canvas.draws++
      }
      const v = String(this.fillStyle) === '#ffffff' ? 255 : 0
      for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) canvas.data.set([v, v, v, 255], (r * canvas.width + c) * 4)
    }
  }
  return canvas
}

/** `createSelectorQuery` whose every query answers with `canvas`, laid out `cssWidth` wide. */
export function selectorQueryOver(canvas: ReturnType<typeof pixelCanvas>, cssWidth: number) {
  return () => {
    const chain = {
      in: () => chain,
      select: () => chain,
      fields: () => chain,
      boundingClientRect: () => chain,
      exec: (cb: (res: unknown[]) => void) => setTimeout(() => cb([{ node: canvas, width: cssWidth, height: cssWidth }, { width: cssWidth, height: cssWidth }]), 0)
    }
    return chain
  }
}
