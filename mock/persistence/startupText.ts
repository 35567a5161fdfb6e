/**
 * What `npm start` and `npm run mock` print about the data folder: where the state is, and when a
 * state file cannot be loaded, what is wrong and the two safe ways on (nothing is deleted).
 */
import { join } from 'node:path'
import { SimulatorStateError, SIMULATOR_STATE_TEXT, type PersistableSimulator } from '../simulator'
import { STATE_FILE } from './fileStore'

/** The data folder of `npm start` / `npm run mock`: CERTWALLET_DATA_DIR, else `data/simulator`. */
export const defaultDataDir = (): string => process.env.CERTWALLET_DATA_DIR || join('data', 'simulator')

/** The flag that sets an unreadable state file aside and starts from the seeded state. */
export const SET_ASIDE_FLAG = '--set-aside-data'
/** The flag that keeps the state in memory only (forgotten at exit). */
export const MEMORY_FLAG = '--memory'

/** Lines explaining why the simulator did not start; `command` is how the user started it (`npm start`). */
export function explainStartFailure(e: unknown, dataDir: string, command: string): string[] {
  if (!(e instanceof SimulatorStateError)) return [`模拟政务平台无法启动：${e instanceof Error ? e.message : String(e)}`]
  const file = join(dataDir, STATE_FILE)
  const lines = [`${SIMULATOR_STATE_TEXT[e.code]}（${e.code}）`, `  ${e.detail ?? file}`]
  if (e.code === 'ERR_STATE_LOCKED') {
    lines.push('  同一时间只能有一个模拟平台使用一个数据目录（`npm start` 与 `npm run mock` 也不能同时用同一个）。')
    lines.push(`  停掉另一个，或者换一个目录：CERTWALLET_DATA_DIR=其他目录 ${command}`)
    return lines
  }
  if (e.code === 'ERR_STATE_WRITE') {
    lines.push(`  检查目录 ${dataDir} 是否可写、磁盘是否已满。`)
    return lines
  }
  lines.push('  文件没有被改动，也没有被删除。可以：')
  lines.push(`  1. 把它换回本版本写的文件（或用写它的那个版本打开）；`)
  lines.push(`  2. 运行 \`${command} -- ${SET_ASIDE_FLAG}\`：把它改名保存在同一目录（${STATE_FILE}.unreadable-<时间>），模拟平台从初始演示数据重新开始，各手机需重新领证、重新登记。`)
  return lines
}

/** The seeded institutions' activation codes as the simulator holds them now (spent ones say so). */
export function activationCodeLines(sim: PersistableSimulator): string[] {
  return sim.activationCodes().map((c) => `    ${(c.activationCode ?? (c.enrolled ? '（已登记）' : '（无）')).padEnd(14)}  ${c.role.padEnd(8)} ${c.name}`)
}
