import { Button, Text, View } from '@tarojs/components'
import { useQrTextEntry } from '../../../components/useQrTextEntry'
import type { ScanEntryProps } from './scanEntry.types'

/** A desk PC (mouse, USB scanner) rather than a phone: only there does the text box take focus at once. */
function hasFinePointer(): boolean {
  try {
    return typeof window !== 'undefined' && window.matchMedia('(pointer: fine)').matches
  } catch {
    return false
  }
}

/**
 * H5: no camera scanner in the page. The verifier uploads a photo or screenshot of the QR (decoded
 * with jsQR on a canvas), or pastes the text — a USB QR scanner types it and presses Enter.
 * Plain DOM elements: this file is only built for H5.
 */
export default function ScanEntry({ onText, onOriginal, disabled }: ScanEntryProps) {
  const { text, setText, problem, reading, submit, onFile, onKeyDown } = useQrTextEntry(onText, disabled, '二维码')

  return (
    <View className='vf-scan'>
      <View className={`vf-upload${disabled || reading ? ' vf-upload--disabled' : ''}`}>
        <Text className='vf-upload__label'>{reading ? '正在识别图片…' : '上传二维码图片'}</Text>
        <input
          className='vf-upload__input'
          type='file'
          accept='image/*'
          aria-label='上传二维码图片'
          disabled={disabled || reading}
          onChange={onFile}
        />
      </View>
      {onOriginal ? (
        <View className={`vf-upload${disabled ? ' vf-upload--disabled' : ''}`}>
          <Text className='vf-upload__label'>上传电子证照原件（.ofd）</Text>
          <input
            className='vf-upload__input'
            type='file'
            accept='.ofd,application/ofd'
            aria-label='上传电子证照原件'
            disabled={disabled}
            onChange={(e) => {
              const file = e.target.files?.[0]
              e.target.value = ''
              if (file) void file.arrayBuffer().then((b) => onOriginal(new Uint8Array(b)))
            }}
          />
        </View>
      ) : null}
      <Text className='vf-or'>或用扫码枪扫描 / 粘贴出示码</Text>
      <input
        className='vf-paste'
        type='text'
        value={text}
        placeholder='粘贴出示码，或输入16位学历验证码'
        aria-label='粘贴出示码'
        autoComplete='off'
        spellCheck={false}
        autoFocus={hasFinePointer()}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <Button className={`vf-btn vf-btn--primary${disabled || !text.trim() ? ' vf-btn--off' : ''}`} disabled={disabled || !text.trim()} onClick={submit}>
        核验出示码
      </Button>
      {problem ? <Text className='vf-scan__problem'>{problem}</Text> : null}
    </View>
  )
}
