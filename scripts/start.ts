// `npm start`: build the H5 app, then serve it and the government-API simulator on one origin
// (scripts/demoServer.ts), reachable from phones on the LAN, with the simulator's state kept in
// data/simulator across restarts.
//
//   npm start                         build, then serve on 0.0.0.0:10086 (PORT, HOST to change)
//   npm start -- --no-build           serve the existing dist/h5
//   npm start -- --memory             keep the simulator's state in memory only
//   npm start -- --set-aside-data     keep an unreadable state file aside and start from the seed
//
// It prints one progress line while webpack builds (its own progress bar and stats are kept back
// and shown only when the build fails), then the URLs and the institutions' activation codes.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
// @ts-expect-error plain ESM script without types
import { summarizeWarnings } from './buildWarnings.mjs'
import { startDemoServer, type DemoServer } from './demoServer'
import { setAsideStateFile } from '../mock/persistence/fileStore'
import { activationCodeLines, defaultDataDir, explainStartFailure, MEMORY_FLAG, SET_ASIDE_FLAG } from '../mock/persistence/startupText'

const args = process.argv.slice(2)
const port = Number(process.env.PORT ?? 10086)
const host = process.env.HOST || '0.0.0.0'
const tty = process.stdout.isTTY

function build(): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now()
    let stdout = ''
    let stderr = ''
    let shown = -1
    const line = (text: string) => (tty ? process.stdout.write(`\r\x1b[K${text}`) : undefined)
    if (!tty) console.log('正在构建 H5 应用（通常 1–3 分钟）…')
    line('正在构建 H5 应用（通常 1–3 分钟）…')
    const child = spawn('npx', ['taro', 'build', '--type', 'h5'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TARO_ENV: 'h5', FORCE_COLOR: '0' } })
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => {
      stderr += d
      // The progress bar's percentage, redrawn on our one line.
      const all = [...String(d).matchAll(/\((\d{1,3})%\)/g)]
      const pct = all.length ? Number(all[all.length - 1][1]) : -1
      if (pct > shown) {
        shown = pct
        line(`正在构建 H5 应用… ${pct}%`)
      }
    })
    child.on('close', (code: number | null) => {
      const seconds = Math.round((Date.now() - started) / 1000)
      if (tty) process.stdout.write('\r\x1b[K')
      if (code !== 0) {
        console.error(`H5 构建失败（${seconds} 秒）。webpack 的输出：`)
        const tail = (stdout + '\n' + stderr).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split(/\r|\n/).filter((l) => l.trim() && !/Webpack █|^\s*\d+\/\d+ /.test(l))
        console.error(tail.slice(-60).join('\n'))
        process.exit(code ?? 1)
      }
      console.log(`H5 应用已构建（${seconds} 秒）`)
      for (const w of summarizeWarnings(stdout) as string[]) console.log(`  编译警告：${w}`)
      resolve()
    })
  })
}

async function main(): Promise<void> {
  if (!args.includes('--no-build') || !existsSync('dist/h5/index.html')) await build()

  const dataDir = args.includes(MEMORY_FLAG) ? null : defaultDataDir()
  if (dataDir && args.includes(SET_ASIDE_FLAG)) {
    const aside = await setAsideStateFile(dataDir)
    if (aside) console.log(`原数据文件已改名保存为 ${aside}，模拟政务平台从初始演示数据开始`)
  }
  let demo: DemoServer
  try {
    demo = await startDemoServer({
      port,
      host,
      dataDir,
      onReset: (from) => console.log(`[模拟政务平台] ${from} 发来 POST /__mock/reset：已恢复初始演示数据${dataDir ? '（已写入数据文件）' : ''}，各手机需重新领证、重新登记`)
    })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') console.error(`端口 ${port} 已被占用：停掉占用它的程序，或换一个端口：PORT=10087 npm start`)
    else for (const l of explainStartFailure(e, dataDir ?? '', 'npm start')) console.error(l)
    process.exit(1)
  }

  console.log(`\n证照夹 H5 已启动：${demo.url}/`)
  if (demo.lanUrls.length) for (const u of demo.lanUrls) console.log(`同一局域网的手机打开：${u}/`)
  else console.log('（只在本机可用；HOST=0.0.0.0 npm start 让同一局域网的手机也能打开）')
  console.log(
    demo.store
      ? `模拟政务平台与页面同源运行，数据保存在 ${demo.store.file}（${demo.store.loaded === 'restored' ? '已恢复上次的数据' : '新建'}；重启不丢）`
      : '模拟政务平台与页面同源运行，数据只在内存里（--memory：退出即忘）'
  )
  console.log('机构激活码（核验方 / 医保收银台登记用，每个只能用一次）：')
  for (const l of activationCodeLines(demo.sim)) console.log(l)
  console.log('按 Ctrl+C 停止')

  const stop = () => void demo.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

void main()
