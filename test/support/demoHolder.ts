import { SEED_PEOPLE } from '../../mock/simulator/seed'
import { demoButtonText, SIMULATOR_PEOPLE } from '../../src/pages/wallet/simulatorPeople'

/** 张明华, the demo holder who has every kind: his 演示账户 button and how many certificates he claims. */
export const ZHANG = demoButtonText(SIMULATOR_PEOPLE[0])
export const ZHANG_CARD_COUNT = SEED_PEOPLE.find((p) => p.id === 'p-zhang')!.certificates.length
