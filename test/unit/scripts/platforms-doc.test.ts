import fs from 'node:fs'
import path from 'node:path'
import { renderTables } from '../../../scripts/platforms-doc'

// docs/platforms.md's tables are generated from docs/platforms.json, the emulator's allow-list.
it('docs/platforms.md shows exactly what docs/platforms.json (the emulator allow-list) lists', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/platforms.md'), 'utf8')
  expect(doc).toContain(renderTables())
  const cfg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../project.config.json'), 'utf8'))
  const table = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../docs/platforms.json'), 'utf8'))
  expect(cfg.libVersion).toBe(table.weapp.minBaseLibrary)
})
