import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateApiFiles } from '../../../../scripts/gen-api'

/*
 * src/services/api/generated/ is committed output of `npm run gen:api` (openapi-typescript for the
 * types, scripts/gen-api.ts for the valibot schemas). Edit mock/openapi.yaml, then regenerate.
 */
describe('src/services/api/generated', () => {
  it('is what `npm run gen:api` makes from mock/openapi.yaml today', async () => {
    const files = await generateApiFiles()
    expect(Object.keys(files).sort()).toEqual(['src/services/api/generated/holderSchemas.ts', 'src/services/api/generated/openapi.ts', 'src/services/api/generated/schemas.ts'])
    for (const [rel, fresh] of Object.entries(files)) {
      const committed = readFileSync(join(__dirname, '../../../..', rel), 'utf8')
      // A stale file fails with its name; run `npm run gen:api` and commit the result.
      expect([rel, committed === fresh]).toEqual([rel, true])
    }
  })
})
