import { Button } from '@tarojs/components'
import { speak, speechAvailable } from '../services/platform/speech'
import { useCareMode } from './CarePage'

/**
 * 关怀模式: a button that reads `text` aloud, where the platform can speak (H5 speechSynthesis).
 * Nothing is drawn outside care mode or where there is no speech.
 * @example <ReadAloud className='mp-btn' text='您需要付 12.30 元' />
 */
export function ReadAloud({ text, className, label = '朗读' }: { text: string; className?: string; label?: string }) {
  const care = useCareMode()
  if (!care || !speechAvailable()) return null
  return (
    <Button className={className ? `${className} read-aloud` : 'read-aloud'} onClick={() => speak(text)}>
      {label}
    </Button>
  )
}

/** Fen → words a speech engine reads as money: 128650 → "1286元5角", 5600 → "56元". */
export function yuanSpoken(fen: number): string {
  const abs = Math.abs(Math.trunc(fen))
  const jiao = Math.floor((abs % 100) / 10)
  const f = abs % 10
  return `${Math.floor(abs / 100)}元${jiao ? `${jiao}角` : f ? '零' : ''}${f ? `${f}分` : ''}`
}
