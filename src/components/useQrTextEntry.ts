import { useState, type ChangeEvent, type KeyboardEvent } from 'react'
import { decodeQrImage } from '../services/platform/qrImage'

/**
 * The H5 way in for a QR: an uploaded photo or screenshot (decoded with jsQR), or text typed by a
 * USB scanner (which presses Enter) or pasted. Shared by the verifier and the 医保 counter.
 * `what` names the code in the messages (二维码, 医保码).
 */
export function useQrTextEntry(onText: (text: string) => void, disabled: boolean | undefined, what: string) {
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [reading, setReading] = useState(false)

  const submit = () => {
    const t = text.trim()
    if (!t || disabled) return
    setText('')
    setProblem(null)
    onText(t)
  }

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    // The same file may be chosen again (a second try must fire `change`).
    e.target.value = ''
    if (!file) return
    setProblem(null)
    setReading(true)
    try {
      const found = await decodeQrImage(file)
      if (found === null) setProblem(`图片中没有找到${what}。请让${what}完整、清晰地占满画面后重试。`)
      else onText(found)
    } catch {
      setProblem('无法读取这张图片，请换一张照片或截图。')
    } finally {
      setReading(false)
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') submit()
  }

  return { text, setText, problem, reading, submit, onFile, onKeyDown }
}
