/**
 * Holders seeded in the simulator (mock/simulator/seed.ts; a test keeps the two in step, the count
 * of 张明华's certificates included). A real service has no such people: they are offered only
 * while the app talks to the simulator. Pure data, so tests can name the buttons without React.
 */
export const SIMULATOR_PEOPLE = [
  { name: '张明华', idNumber: '44010619900315001X', note: '广东 · 十类证照齐全' },
  { name: '王建国', idNumber: '510104197809210030', note: '四川 · 身份证已换领' },
  { name: '李秀英', idNumber: '330106195207080021', note: '浙江 · 退休人员' }
] as const

/** The button text of a demo holder, e.g. 张明华（广东 · 十类证照齐全）. */
export function demoButtonText(p: (typeof SIMULATOR_PEOPLE)[number]): string {
  return `${p.name}（${p.note}）`
}
