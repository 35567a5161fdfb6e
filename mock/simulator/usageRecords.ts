import type { SimulatorContext } from './context'
import { SimulatorError, type Simulator } from './types'
import { toApiUsageRecord } from './usage'

/** 用证记录 as the holder reads them, and asking a verifier to erase its copy. */
export function createUsageRecords(ctx: SimulatorContext): Pick<Simulator, 'listUsageRecords' | 'requestUsageDeletion'> {
  return {
    listUsageRecords(holderId, certId) {
      return ctx.usage.list(holderId, certId).map(toApiUsageRecord)
    },
    requestUsageDeletion(holderId, recordId) {
      const rec = ctx.usage.requestDeletion(holderId, recordId)
      if (!rec) throw new SimulatorError('ERR_NOT_FOUND', 404, 'usage-record')
      return toApiUsageRecord(rec)
    }
  }
}
