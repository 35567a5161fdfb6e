import { Button, Text, View } from '@tarojs/components'
import { useQrTextEntry } from '../../../components/useQrTextEntry'
import type { PayCodeEntryProps } from './payCodeEntry.types'

/**
 * H5 (a counter PC): no camera scanner in the page. A USB scanner types the code and presses
 * Enter, or staff upload a photo of the patient's screen (decoded with jsQR) or paste the text.
 */
export default function PayCodeEntry({ onText, disabled }: PayCodeEntryProps) {
  const { text, setText, problem, reading, submit, onFile, onKeyDown } = useQrTextEntry(onText, disabled, '医保码')

  return (
    <View>
      <View className={`pos-upload${disabled || reading ? ' pos-upload--off' : ''}`}>
        <Text className='pos-upload__label'>{reading ? '正在识别图片…' : '上传医保码图片'}</Text>
        <input className='pos-upload__input' type='file' accept='image/*' aria-label='上传医保码图片' disabled={disabled || reading} onChange={onFile} />
      </View>
      <Text className='pos-hint'>或用扫码枪扫描 / 粘贴医保码</Text>
      <input
        className='pos-paste'
        type='text'
        value={text}
        placeholder='粘贴医保码（CW1:…），按回车'
        aria-label='粘贴医保码'
        autoComplete='off'
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <Button className={`pos-btn pos-btn--primary${disabled || !text.trim() ? ' pos-btn--off' : ''}`} disabled={disabled || !text.trim()} onClick={submit}>
        读取医保码
      </Button>
      {problem ? <Text className='pos-problem'>{problem}</Text> : null}
    </View>
  )
}
