// `npm start`: build the H5 app against the built-in government-API simulator and serve it.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { serveStatic } from './serve-static.mjs'

const port = Number(process.env.PORT ?? 10086)
if (!process.argv.includes('--no-build') || !existsSync('dist/h5/index.html')) {
  console.log('正在构建 H5 应用（内置模拟政务平台）…')
  const r = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TARO_ENV: 'h5' } })
  if (r.status !== 0) {
    console.error('H5 构建失败')
    process.exit(r.status ?? 1)
  }
}
const { url } = await serveStatic('dist/h5', { port })
console.log(`\n证照夹 H5 已启动: ${url}/\n（模拟政务平台在浏览器内运行；按 Ctrl+C 停止）`)
