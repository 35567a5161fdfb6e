import { Button, Text, View } from '@tarojs/components'
import { useQrTextEntry } from '../../../components/useQrTextEntry'
import type { RequestEntryProps } from './requestEntry.types'

/** H5: no camera scanner in the page. Upload a screenshot of the website's QR, or paste its request text. */
export default function RequestEntry({ onText, disabled }: RequestEntryProps) {
  const { text, setText, problem, reading, submit, onFile, onKeyDown } = useQrTextEntry(onText, disabled, '二维码')
  return (
    <View className='ol-entry'>
      <View className={`ol-upload${disabled || reading ? ' ol-upload--off' : ''}`}>
        <Text className='ol-upload__label'>{reading ? '正在识别图片…' : '上传网站二维码的截图'}</Text>
        <input className='ol-upload__input' type='file' accept='image/*' aria-label='上传网站二维码的截图' disabled={disabled || reading} onChange={onFile} />
      </View>
      <Text className='ol-small'>或粘贴网站给出的请求文本（CWR1:…）</Text>
      <textarea
        id='online-request-text'
        className='ol-paste'
        value={text}
        rows={3}
        placeholder='粘贴请求文本'
        aria-label='粘贴请求文本'
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown as never}
      />
      <Button id='online-request-open' className={`ol-btn ol-btn--primary${disabled || !text.trim() ? ' ol-btn--off' : ''}`} disabled={disabled || !text.trim()} onClick={submit}>
        核对请求
      </Button>
      {problem ? <Text className='ol-problem'>{problem}</Text> : null}
    </View>
  )
}
