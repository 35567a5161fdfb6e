// What `npm start` says about webpack's warnings, in place of Taro's bare "⚠️ 编译警告." line: one
// plain sentence per warning, naming what is wrong (scripts/start.mjs keeps webpack's stats back).

/** Webpack's size warnings as one plain sentence each (the stats text is kept back). */
export function summarizeWarnings(statsText) {
  const plain = statsText.replace(/\x1b\[[0-9;]*m/g, '')
  const out = []
  const blocks = plain.split(/\n(?=WARNING in )/).filter((b) => b.startsWith('WARNING in '))
  for (const block of blocks) {
    const assets = [...block.matchAll(/^\s+(\S+\.(?:js|css)) \(([\d.]+ [KM]iB)\)$/gm)].map((m) => ({ name: m[1], size: m[2] }))
    if (/asset size limit/.test(block)) {
      const biggest = [...assets].sort((a, b) => parseFloat(b.size) * (b.size.includes('MiB') ? 1024 : 1) - parseFloat(a.size) * (a.size.includes('MiB') ? 1024 : 1))[0]
      out.push(`${assets.length} 个脚本超过 webpack 建议的单文件大小 244 KiB（最大 ${biggest ? `${biggest.name} ${biggest.size}` : '?'}）：在慢网络上首次下载较慢，不影响使用（体积见 docs/BENCHMARKS.md）`)
    } else if (/entrypoint size limit/.test(block)) {
      const size = /^\s+app \(([\d.]+ [KM]iB)\)$/m.exec(block)?.[1] ?? '?'
      out.push(`首屏入口 app 共 ${size}，超过 webpack 建议的 244 KiB：首次打开在慢网络上会慢；不影响使用`)
    } else {
      out.push(block.split('\n')[0].replace(/^WARNING in /, ''))
    }
  }
  return out
}

