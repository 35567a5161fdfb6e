import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import type { ChallengeEntryProps } from './challengeEntry.types'

/** H5: no camera scanner in the page, so the verifier's challenge (CWN1:<nonce>) is pasted. */
export default function ChallengeEntry({ onChallenge }: ChallengeEntryProps) {
  const [open, setOpen] = useState(false)
  const [text, setText] = useState('')
  if (!open) {
    return (
      <Button className='present-btn' onClick={() => setOpen(true)}>
        扫描核验方二维码
      </Button>
    )
  }
  const submit = () => {
    if (!text.trim()) return
    onChallenge(text)
    setText('')
    setOpen(false)
  }
  return (
    <View className='challenge'>
      <Text className='challenge__hint'>请向核验方索取核验码，粘贴到下面：</Text>
      <Input className='challenge__input' placeholder='粘贴核验方的核验码（CWN1:…）' value={text} onInput={(e) => setText(e.detail.value)} onConfirm={submit} />
      <Button className='present-btn present-btn--primary' onClick={submit}>
        确定
      </Button>
    </View>
  )
}
