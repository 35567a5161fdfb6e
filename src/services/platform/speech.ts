import type { SpeechApi } from './speech.types'

// Node and the mini-programs: no built-in speech (WeChat's 同声传译 is a plugin we do not ship).
export const speechAvailable: SpeechApi['speechAvailable'] = () => false
export const speak: SpeechApi['speak'] = () => false
