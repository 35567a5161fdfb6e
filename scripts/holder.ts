/**
 * `npm run holder -- present [--person <seeded id>] --kind <kind> --purpose <preset> [--nonce N]`
 * Makes a 亮证 presentation with the same core the app uses, against the simulator (in-process,
 * or the API at API_BASE_URL), and prints the QR text on its last line. `npm run verify` accepts it.
 */
import { keyPairFromSecret } from '../src/services/crypto'
import { joseBackend } from '../src/services/crypto/jose.node'
import { base64urlDecode } from '../src/services/encoding'
import { createPresentation } from '../src/services/presentation'
import { certRegistry } from '../src/certs/registry'
import { purposeLabels } from '../src/vocabulary/purposeText'
import type { PurposeId } from '../src/certs/types'
import { toWalletError } from '../src/services/errors'
import { createApiClient } from '../src/services/api/client'
import { dpopSigner, holderAuthOf } from '../src/services/api/holderAuth'
import { createFetchTransport } from '../src/services/api/fetchTransport'
import type { PresentationPurpose } from '../src/services/api/types'

const USAGE = `用法: npm run holder -- present [--person <演示人员编号>] --kind <证照类型> --purpose <用途> [--nonce N]
  --person   p-zhang（默认）、p-li、p-wang、p-chen、p-liu
  --kind     ${certRegistry.modules.map((m) => m.kind).join(' | ')}
  --purpose  ${Object.keys(purposeLabels).join(' | ')}
  --nonce    核验方出示的随机数（在线挑战时）`

class UsageError extends Error {}

interface Args {
  person: string
  kind: string
  purpose: PurposeId
  nonce?: string
}

export function parseHolderArgs(argv: string[]): Args {
  const [command, ...rest] = argv
  if (command !== 'present') throw new UsageError(command ? `未知命令 ${command}` : '')
  const args: Partial<Args> = { person: 'p-zhang' }
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    const v = rest[i + 1]
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} 需要一个值`)
    i++
    if (a === '--person') args.person = v
    else if (a === '--kind') args.kind = v
    else if (a === '--purpose') args.purpose = v as PurposeId
    else if (a === '--nonce') args.nonce = v
    else throw new UsageError(`未知选项 ${a}`)
  }
  if (!args.kind || !certRegistry.find(args.kind)) throw new UsageError('--kind 缺失或不是已知的证照类型')
  if (!args.purpose || !(args.purpose in purposeLabels)) throw new UsageError('--purpose 缺失或不是已知的用途')
  const slots = certRegistry.slots(args.purpose)
  if (!slots.some((s) => s.kinds.includes(args.kind!))) {
    throw new UsageError(`用途 ${args.purpose} 不使用 ${args.kind}（它使用：${slots.flatMap((s) => s.kinds).join('、')}）`)
  }
  return args as Args
}

export async function presentAsHolder(args: Args, now = new Date()): Promise<string> {
  const { SEED_PEOPLE, createSimulator, simulatedSignIn } = await import('../mock/simulator')
  const person = SEED_PEOPLE.find((p) => p.id === args.person)
  if (!person) throw new UsageError(`没有演示人员 ${args.person}`)
  const device = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(32)))
  // As the app does (issue #16): the set is bound to a key of its own, made here; the device key signs the call.
  const setKey = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(40)))
  let batchCreds: string[]
  const base = process.env.API_BASE_URL
  if (base) {
    const api = createApiClient({ baseUrl: base, request: createFetchTransport() })
    // The simulator's face page stands in for the holder's WeChat/Alipay face check.
    const s = await api.startFaceSession(person.name, person.idNumber)
    const ticket = await api.simulator.faceCheck({ sessionId: s.sessionId, name: person.name, idNumber: person.idNumber, passed: true })
    // Sign-in and every holder call prove possession of the device key the token is bound to (DPoP).
    const sign = dpopSigner(device.privateJwk, { backend: joseBackend, now: () => Date.now(), randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)) })
    const { holderToken } = await api.completeFaceSession(s.sessionId, ticket.verifyResult ? { verifyResult: ticket.verifyResult } : { zimId: ticket.zimId! }, device.publicJwk, sign)
    batchCreds = (await api.issuePurposeCredentials(holderAuthOf(holderToken, sign), args.purpose as PresentationPurpose, device.publicJwk, [setKey.publicJwk])).sets[0].credentials
  } else {
    const sim = createSimulator({ now: () => now })
    const { holderId } = await simulatedSignIn(sim, person.name, person.idNumber)
    batchCreds = (await sim.issuePurposeCredentials(holderId, args.purpose, device.publicJwk, [setKey.publicJwk])).sets[0].credentials
  }
  return createPresentation({
    credentials: batchCreds.map(base64urlDecode),
    deviceKey: setKey.privateJwk,
    now: Math.floor(now.getTime() / 1000),
    nonce: args.nonce,
    backend: joseBackend
  })
}

async function main() {
  try {
    const args = parseHolderArgs(process.argv.slice(2))
    const text = await presentAsHolder(args)
    process.stderr.write(`${purposeLabels[args.purpose]}：已生成出示码（${text.length} 字符），60 秒内有效\n`)
    process.stdout.write(text + '\n')
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`错误: ${e.message}\n`)
      process.stderr.write(USAGE + '\n')
      process.exit(2)
    }
    const err = toWalletError(e)
    process.stderr.write(`出示失败: ${err.code}${err.detail ? ` (${err.detail})` : ''}\n`)
    process.exit(1)
  }
}

if (require.main === module) void main()
