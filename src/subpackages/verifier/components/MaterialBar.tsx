import { Button, Text, View } from '@tarojs/components'
import { errorText } from '../../../components/errorText'
import { asOfText } from '../../../components/timeText'
import type { MaterialAge } from '../model/verifierMaterial'
import { dayText } from '../model/clockText'

interface Props {
  age: MaterialAge
  busy: boolean
  error: string | null
  /** What failed in the last update, by status-list id (the rest was updated). */
  failures: Record<string, string>
  onRefresh(): void
}

/**
 * The age of the offline material, always in view, and what it means for the answer: none yet
 * (cannot check), past the trust list's limit (cannot check), over 24 h (checks, may miss a recent
 * cancellation), fresh.
 */
export default function MaterialBar({ age, busy, error, failures, onRefresh }: Props) {
  const partial = Object.keys(failures).length
  const level = age.updatedAt === null || age.expired ? 'bad' : age.stale ? 'warn' : 'ok'
  return (
    <View className={`vf-material vf-material--${level}`}>
      <Text className='vf-material__age'>{age.updatedAt === null ? '尚未下载核验数据' : `核验数据更新于 ${asOfText(age.updatedAt)}`}</Text>
      {age.updatedAt === null ? <Text className='vf-material__note'>请先联网点击“更新核验数据”，之后没有网络也能核验。</Text> : null}
      {age.expired && age.trustExpiresAt !== null ? (
        <Text className='vf-material__note'>信任列表已于 {dayText(age.trustExpiresAt)} 过期，无法核验。请联网后点击“更新核验数据”。</Text>
      ) : null}
      {!age.expired && age.stale ? <Text className='vf-material__note'>已超过24小时未更新：证照注销、挂失信息可能不是最新的。请尽快联网更新。</Text> : null}
      {error ? (
        <Text className='vf-material__error'>
          更新失败：{errorText(error)}（{error}）{age.updatedAt !== null ? '，仍使用已下载的数据' : ''}
        </Text>
      ) : null}
      {!error && partial ? <Text className='vf-material__error'>有 {partial} 项核验数据未能更新，将继续使用之前下载的版本。</Text> : null}
      <Button className={`vf-btn vf-btn--material${busy ? ' vf-btn--off' : ''}`} disabled={busy} onClick={onRefresh}>
        {busy ? '正在更新核验数据…' : '更新核验数据'}
      </Button>
    </View>
  )
}
