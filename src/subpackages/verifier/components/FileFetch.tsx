import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { errorText } from '../../../components/errorText'
import { certRegistry } from '../../../certs/registry'
import { useVerifier, verifierStore } from '../store'
import { exportFile, fileExportAvailable } from '../../../services/platform/fileExport'

/** A field as its module labels it; a photo travels as a hash only, and says so. */
function fieldLabel(kind: string, name: string): string {
  const spec = certRegistry.find(kind)?.fields.find((f) => f.name === name)
  if (!spec) return name
  return spec.format === 'image-hash' ? `${spec.label}校验码（不含照片）` : spec.label
}

/**
 * 文件调用 as a registered organisation: the grant id the holder gave (授权编号) → the 加注件 the
 * platform releases to this enrolled device, verified against the trust list here before anything
 * is shown: the watermark, the purpose, the expiry and exactly the fields the holder granted.
 */
export default function FileFetch() {
  const enrolment = useVerifier((s) => s.enrolment)
  const file = useVerifier((s) => s.file)
  const [grantId, setGrantId] = useState('')
  if (!enrolment) return null
  const fetching = file?.status === 'fetching'
  return (
    <View className='vf-panel vf-file'>
      <Text className='vf-panel__title'>文件调用（凭持证人授权）</Text>
      <Text className='vf-panel__text'>输入持证人给您的授权编号，调取带水印的加注件。只能在授权期限内、为授权的事由调取。</Text>
      <Input className='vf-report__input' value={grantId} placeholder='授权编号，如 fg-…' onInput={(e) => setGrantId(e.detail.value)} />
      <Button
        className={`vf-btn vf-btn--material${fetching || !grantId.trim() ? ' vf-btn--off' : ''}`}
        disabled={fetching || !grantId.trim()}
        onClick={() => void verifierStore.getState().fetchFile(grantId)}
      >
        {fetching ? '正在调取…' : '调取加注件'}
      </Button>
      {file?.status === 'failed' ? <Text className='vf-note__text vf-file__error'>调取失败：{errorText(file.code)}（{file.code}）</Text> : null}
      {file?.status === 'done' ? (
        <View className='vf-file__copy' id='vf-file-copy'>
          <Text className='vf-file__watermark'>{file.copy.wm}</Text>
          <Text className='vf-panel__text vf-file__meta'>
            {certRegistry.find(file.copy.kind)?.label ?? '证照'} · {file.copy.purLabel} · 证照标识 {file.copy.cid}
          </Text>
          {Object.entries(file.copy.fields).map(([name, value]) => (
            <View key={name} className='vf-file__row'>
              <Text className='vf-file__key'>{fieldLabel(file.copy.kind, name)}</Text>
              <Text className='vf-file__value'>{String(value)}</Text>
            </View>
          ))}
          <Text className='vf-panel__text'>已核验平台签名。本次调取已记入持证人的用证记录。</Text>
          {file.ofd ? (
            <View>
              <Text className='vf-panel__text vf-file__ofd'>加注件（OFD）签章已验证：{file.ofd.sealName}，每页加注“{file.ofd.annotation}”。</Text>
              {fileExportAvailable() ? (
                <Button className='vf-btn' onClick={() => void exportFile(`加注件-${file.retrieval.grantId}.ofd`, file.ofd!.bytes, 'application/ofd').catch(() => undefined)}>
                  保存加注件（OFD 文件）
                </Button>
              ) : null}
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
