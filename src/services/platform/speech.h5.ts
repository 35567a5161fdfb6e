import type { SpeechApi } from './speech.types'

/** The browser's speech synthesis, when the page may use it. */
function synth(): SpeechSynthesis | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function' ? window.speechSynthesis : null
}

export const speechAvailable: SpeechApi['speechAvailable'] = () => synth() !== null

export const speak: SpeechApi['speak'] = (text) => {
  const s = synth()
  if (!s) return false
  const u = new SpeechSynthesisUtterance(text)
  u.lang = 'zh-CN'
  // A little slower than the default: the listener is often older.
  u.rate = 0.9
  s.cancel()
  s.speak(u)
  return true
}
