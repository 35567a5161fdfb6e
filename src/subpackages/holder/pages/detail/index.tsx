import { useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import '../../../../components/featureErrorText'
import { useWallet, walletStore } from '../../../../store'
import { presentablePurposes } from '../../../../store/presentationCore'
import type { CardStatus, StoredCredential } from '../../../../store/schema'
import { certRegistry } from '../../../../certs/registry'
import { displayField } from '../../../../certs/mask'
import type { CertModule } from '../../../../certs/types'
import { asOfText, chinaTime } from '../../../../components/timeText'
import { UnlockPanel } from '../../../../components/UnlockPanel'
import CarePage, { useCareMode } from '../../../../components/CarePage'
import { IdText } from '../../../../components/IdText'
import { degreeShareUrl, fileRetrievalUrl, paperUrl } from '../../../../components/routes'
import './index.css'

const STATUS_TEXT: Record<CardStatus, string> = { valid: '有效', expired: '已过期', revoked: '已注销', suspended: '暂停使用', superseded: '已更新' }

/** What a non-valid status means for the holder, in plain words. */
const STATUS_NOTE: Partial<Record<CardStatus, string>> = {
  expired: '这张证照已过有效期，不能再出示。请到发证机关换领后，在首页点“同步证照状态”。',
  revoked: '这张证照已被发证机关注销，不能再出示。',
  suspended: '这张证照被暂停使用，暂时不能出示。请联系发证机关。',
  superseded: '这张证照已换发新版本，旧版本不能再出示。'
}

function certIdOf(): string | null {
  const p = typeof Taro.getCurrentInstance === 'function' ? Taro.getCurrentInstance()?.router?.params : undefined
  return p?.certId ? decodeURIComponent(p.certId) : null
}

function dateText(sec: number | null): string {
  if (!sec) return '长期'
  const t = chinaTime(sec * 1000)
  return `${t.year}年${t.month}月${t.day}日`
}

function validityText(m: CertModule, c: StoredCredential): string {
  const from = m.validity.validFromField ? c.claims[m.validity.validFromField] : undefined
  const until = m.validity.validUntilField ? c.claims[m.validity.validUntilField] : undefined
  if (typeof from === 'string' && typeof until === 'string') return `${from} 至 ${until}`
  if (typeof until === 'string') return `至 ${until}`
  return `电子证照有效至 ${dateText(c.expiresAt)}`
}

function Fields({ m, c, revealed }: { m: CertModule; c: StoredCredential; revealed: boolean }) {
  const care = useCareMode()
  return (
    <View className='fields'>
      {m.fields.map((f) => {
        if (f.sensitivity === 'hidden' || f.format === 'image-hash') return null
        const v = c.claims[f.name]
        if (v === undefined || v === null || v === '') return null
        const text = displayField(m, f.name, v, { revealed })
        return (
          <View className='field' key={f.name}>
            <Text className='field__key'>{f.label}</Text>
            <IdText className={'field__value' + (f.sensitivity === 'masked' ? ' field__value--mono' : '')} mask={f.mask} value={text} />
          </View>
        )
      })}
      {/* The long 证照标识 is for machines and help desks; 关怀模式 leaves it out. */}
      {care ? null : (
        <View className='field'>
          <Text className='field__key'>证照标识</Text>
          <Text className='field__value field__value--mono field__value--id'>{c.certId}</Text>
        </View>
      )}
      <View className='field'>
        <Text className='field__key'>发证机关</Text>
        <Text className='field__value'>{c.issuerName}</Text>
      </View>
      <View className='field'>
        <Text className='field__key'>有效期</Text>
        <Text className='field__value'>{validityText(m, c)}</Text>
      </View>
    </View>
  )
}

/**
 * One certificate: the card, its fields (ID number, address and licence number masked until the
 * holder unlocks and asks to see them), 证照标识, issuer, validity and status, and what to do next.
 */
export default function DetailPage() {
  const [certId] = useState(certIdOf)
  const c = useWallet((s) => s.credentials.find((x) => x.certId === certId) ?? null)
  const locked = useWallet((s) => s.locked)
  const canPresent = useWallet((s) => presentablePurposes(s.credentials.filter((x) => x.certId === certId), certRegistry).length > 0)
  const [wantReveal, setWantReveal] = useState(false)

  useDidShow(() => {
    walletStore.getState().noteActivity()
    walletStore.getState().checkAutoLock()
  })
  // Leaving the page (or a lock) hides the full values again.
  useEffect(() => {
    if (locked) setWantReveal(false)
  }, [locked])

  const m = c ? certRegistry.find(c.kind) : null
  if (!c || !m) {
    return (
      <CarePage className='detail'>
        <Text className='detail__status detail__status--bad'>找不到这张证照，它可能已被同步更新。请返回首页。</Text>
        <Button className='detail-btn detail-btn--plain' onClick={() => Taro.navigateBack()}>
          返回首页
        </Button>
      </CarePage>
    )
  }
  const revealed = wantReveal && !locked
  // A kind's own words first (驾驶证暂扣中), then what it means for the holder.
  const words = m.statusWords?.[c.status]
  const note = words && STATUS_NOTE[c.status] ? `${words}。${STATUS_NOTE[c.status]}` : STATUS_NOTE[c.status]
  const hasMasked = m.fields.some((f) => f.sensitivity === 'masked' && c.claims[f.name] !== undefined)

  const asking = wantReveal && locked
  return (
    <CarePage className='detail' onTouchStart={() => walletStore.getState().noteActivity()}>
      {/* The PIN pad opens at the top of the page, where the person is looking (it used to open
          below the fold with one row of keys showing). */}
      {asking ? <UnlockPanel reason='查看完整的证件号码、住址需要输入密码' onCancel={() => setWantReveal(false)} /> : null}
      <View className='detail__card' style={{ background: m.design.background, color: m.design.foreground }}>
        <View className='detail__head'>
          <Text className='detail__label'>{m.label}</Text>
          <Text className={`badge badge--${c.status}`}>{words ?? STATUS_TEXT[c.status]}</Text>
        </View>
        <Text className='detail__title'>{displayField(m, m.design.titleField, c.claims[m.design.titleField], { revealed })}</Text>
        <Text className='detail__asof'>{c.status === 'valid' ? '真实有效' : '来源可靠'} · 状态截至 {asOfText(c.checkedAt)}</Text>
      </View>
      {note ? <Text className='detail__status detail__status--bad'>{note}</Text> : null}
      {c.updated ? (
        <View className='detail__updated'>
          <Text className='detail__updated-title'>信息已更新</Text>
          <Text className='detail__updated-text'>发证机关换发了新证，以下内容有变化：</Text>
          {c.updated.fields.map((f) => (
            <View className='detail__updated-row' key={f.name}>
              <Text className='detail__updated-label'>{f.label}</Text>
              <Text className='detail__updated-value'>
                {/* Masked alike (a move within one city): said as changed; 查看完整信息 shows the new value. */}
                {f.before === f.after ? '已变更（查看完整信息可见新内容）' : `${f.before || '（无）'} → ${f.after || '（无）'}`}
              </Text>
            </View>
          ))}
          <Button className='detail-btn detail-btn--plain' onClick={() => walletStore.getState().dismissUpdate(c.certId)}>
            知道了
          </Button>
        </View>
      ) : null}
      {c.replacedCertId ? <Text className='detail__status detail__status--warn'>已自动更新为新版本证照<Text className='care-hide'>（旧证照标识 {c.replacedCertId}）</Text></Text> : null}

      <Fields m={m} c={c} revealed={revealed} />

      {hasMasked && !revealed && !(wantReveal && locked) ? (
        <Button
          className='detail-btn detail-btn--plain'
          onClick={() => {
            setWantReveal(true)
            if (locked) void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
          }}
        >
          查看完整信息
        </Button>
      ) : null}
      {hasMasked && revealed ? (
        <Button className='detail-btn detail-btn--plain' onClick={() => setWantReveal(false)}>
          隐藏敏感信息
        </Button>
      ) : null}
      {!revealed ? <Text className='detail__hint care-hide'>为保护隐私，证件号码、住址等已部分隐藏。</Text> : null}

      {canPresent ? (
        <Button className='detail-btn detail-btn--primary' onClick={() => Taro.navigateTo({ url: '/subpackages/present/pages/index/index' })}>
          亮证（出示二维码）
        </Button>
      ) : null}
      {c.status === 'valid' && c.kind === 'degree' ? (
        <Button className='detail-btn detail-btn--plain' onClick={() => Taro.navigateTo({ url: degreeShareUrl({ certId: c.certId }) })}>
          学历验证码（给用人单位在线查验）
        </Button>
      ) : null}
      {c.status === 'valid' && m.presets.length > 0 ? (
        <Button className='detail-btn detail-btn--plain' onClick={() => Taro.navigateTo({ url: fileRetrievalUrl({ certId: c.certId }) })}>
          文件调用授权（让登记单位调取加注件）
        </Button>
      ) : null}
      {c.status === 'valid' && certRegistry.bearerKinds('paper').includes(c.kind) ? (
        <Button className='detail-btn detail-btn--plain care-hide' onClick={() => Taro.navigateTo({ url: paperUrl({ certId: c.certId }) })}>
          打印纸质凭证（给不用手机的场合）
        </Button>
      ) : null}
      {c.original !== undefined ? (
        <Button className='detail-btn detail-btn--plain' onClick={() => Taro.navigateTo({ url: `/subpackages/holder/pages/original/index?certId=${encodeURIComponent(c.certId)}` })}>
          电子证照原件（查看照面、导出 OFD）
        </Button>
      ) : null}
      <Button
        className='detail-btn detail-btn--plain'
        onClick={() => Taro.navigateTo({ url: `/subpackages/holder/pages/usage/index?certId=${encodeURIComponent(c.certId)}` })}
      >
        用证记录（谁查看过这张证照）
      </Button>
    </CarePage>
  )
}
