/**
 * Reading a short text aloud (关怀模式: the verifier's answer, the 医保 amount). Platform files:
 * `speech.h5.ts` (the browser's `speechSynthesis`, zh-CN) and `speech.ts` (Node and the
 * mini-programs: WeChat and Alipay have no built-in text-to-speech without a plugin, so the
 * read-aloud button is not offered there). Both satisfy this type.
 */
export interface SpeechApi {
  /** Whether this platform can speak now (the button shows only then). */
  speechAvailable(): boolean
  /** Says `text` in Mandarin, replacing anything being said; false when it could not start. */
  speak(text: string): boolean
}
