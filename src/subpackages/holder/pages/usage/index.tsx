import { useEffect, useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useStore } from 'zustand'
import '../../../../components/featureErrorText'
import { usageStore, useWallet } from '../../../../store/featureStores'
import { mergeUsage, type UsageEntry } from '../../../../store/usageStore'
import type { StoredCredential } from '../../../../store/schema'
import { certRegistry } from '../../../../certs/registry'
import { purposeLabels } from '../../../../vocabulary/purposeText'
import CarePage, { useCareMode } from '../../../../components/CarePage'
import { asOfText } from '../../../../components/timeText'
import './index.css'
import { ErrorAlert } from '../../../../components/ErrorAlert'
import type { FileGrantDto } from '../../../../services/wallet/apiPort'

const CHANNEL_TEXT: Record<UsageEntry['channel'], string> = {
  qr: '亮证二维码',
  verification: '在线核验',
  'file-retrieval': '文件调用',
  'reported-result': '核验结果回报',
  online: '线上核验'
}

const DELETION_TEXT = { requested: '已请求核验方删除，等待对方确认', erased: '核验方已删除其留存的信息' } as const

/** A field as the certificate's module labels it; a photo goes out as a hash only, and says so. */
function fieldLabel(kind: string, name: string): string {
  const spec = certRegistry.find(kind)?.fields.find((f) => f.name === name)
  if (!spec) return '其他信息'
  return spec.format === 'image-hash' ? `${spec.label}校验码（不含照片）` : spec.label
}

function kindLabel(kind: string): string {
  return certRegistry.find(kind)?.label ?? '证照'
}

/** The certId a page was opened with (`?certId=` from a certificate's detail page), if any. */
function initialCertId(): string | null {
  const p = typeof Taro.getCurrentInstance === 'function' ? Taro.getCurrentInstance()?.router?.params?.certId : undefined
  return p ? decodeURIComponent(p) : null
}

function Filter({ cards, selected, onSelect }: { cards: StoredCredential[]; selected: string | null; onSelect: (certId: string | null) => void }) {
  return (
    <View className='usage-filter'>
      <Text className='usage-filter__label'>按证照查看</Text>
      <View className='usage-filter__options'>
        <Button className={'usage-chip' + (selected === null ? ' usage-chip--on' : '')} onClick={() => onSelect(null)}>
          全部证照
        </Button>
        {cards.map((c) => (
          <Button key={c.certId} className={'usage-chip' + (selected === c.certId ? ' usage-chip--on' : '')} onClick={() => onSelect(c.certId)}>
            {c.title}
          </Button>
        ))}
      </View>
    </View>
  )
}

function Entry({ e }: { e: UsageEntry }) {
  const deleting = useStore(usageStore, (s) => (e.recordId ? s.deleting.includes(e.recordId) : false))
  const care = useCareMode()
  const ask = async () => {
    if (!e.recordId || !e.verifier) return
    const r = await Taro.showModal({
      title: '请求删除',
      content: `将请求“${e.verifier.name}”删除其留存的您的信息（${e.purposeText}）。`,
      confirmText: '发送请求',
      cancelText: '取消'
    })
    if (r.confirm) await usageStore.getState().requestDeletion(e.recordId)
  }
  return (
    <View className={`usage-entry usage-entry--${e.source}`}>
      <View className='usage-entry__head'>
        <Text className='usage-entry__time'>{asOfText(e.at)}</Text>
        <Text className={`usage-tag usage-tag--${e.channel}`}>{CHANNEL_TEXT[e.channel]}</Text>
      </View>
      <Text className='usage-entry__line'>用途：{e.purposeText}</Text>
      {e.agentName ? <Text className='usage-entry__line usage-entry__agent'>代办人：{e.agentName}（家人代为出示）</Text> : null}
      <Text className='usage-entry__line'>
        核验方：{e.verifier ? `${e.verifier.name}${e.verifier.role ? `（${e.verifier.role}）` : ''}` : e.challenged ? '扫码核验方（名称未知）' : '未知（本机出示，对方未登记）'}
      </Text>
      {e.outcome ? <Text className='usage-entry__line'>核验结果：{e.outcome === 'accepted' ? '通过' : '未通过'}</Text> : null}
      <Text className='usage-entry__subtitle'>{care ? '给对方看了：' : '出示的信息：'}</Text>
      {e.fields.map((g) => (
        <View key={g.kind} className='usage-fields'>
          <Text className='usage-fields__kind'>{kindLabel(g.kind)}</Text>
          <Text className='usage-fields__names'>{g.names.map((n) => fieldLabel(g.kind, n)).join('、')}</Text>
        </View>
      ))}
      {e.source === 'server' && e.verifier ? (
        e.deletion === 'none' || e.deletion === null ? (
          <Button className={'usage-delete' + (deleting ? ' usage-delete--off' : '')} disabled={deleting} onClick={() => void ask()}>
            {deleting ? '正在发送…' : '请求删除'}
          </Button>
        ) : (
          <Text className={`usage-deletion usage-deletion--${e.deletion}`}>{DELETION_TEXT[e.deletion]}</Text>
        )
      ) : null}
    </View>
  )
}

const GRANT_STATUS_TEXT: Record<FileGrantDto['status'], string> = { active: '有效', pending: '未生效', expired: '已过期', revoked: '已撤销' }

/** One 文件调用 grant: who may fetch a copy of what, for what, until when; revocable while it can still be used. */
function Grant({ g }: { g: FileGrantDto }) {
  const revoking = useStore(usageStore, (s) => s.revoking.includes(g.grantId))
  const revoke = async () => {
    const r = await Taro.showModal({
      title: '撤销授权',
      content: `撤销后，“${g.institutionName}”将不能再调取您的${kindLabel(g.kind)}（已调取的加注件仍带有效期水印）。`,
      confirmText: '撤销',
      cancelText: '取消',
      confirmColor: '#b3261e'
    })
    if (r.confirm) await usageStore.getState().revokeGrant(g.grantId)
  }
  const open = g.status === 'active' || g.status === 'pending'
  return (
    <View className={`usage-entry usage-grant usage-grant--${g.status}`}>
      <View className='usage-entry__head'>
        <Text className='usage-entry__time'>{kindLabel(g.kind)}</Text>
        <Text className={`usage-tag usage-tag--grant-${g.status}`}>{GRANT_STATUS_TEXT[g.status]}</Text>
      </View>
      <Text className='usage-entry__line'>用证单位：{g.institutionName}</Text>
      <Text className='usage-entry__line usage-grant__id'>统一社会信用代码：{g.institutionId}</Text>
      <Text className='usage-entry__line'>用证事由：{(purposeLabels as Record<string, string>)[g.purpose] ?? g.purpose}</Text>
      <Text className='usage-entry__line'>
        授权期限：{asOfText(Date.parse(g.notBefore))} 至 {asOfText(Date.parse(g.expiresAt))}
      </Text>
      <Text className='usage-entry__line'>已调取：{g.retrievals} 次</Text>
      <Text className='usage-entry__line usage-grant__id'>授权编号：{g.grantId}</Text>
      {open ? (
        <Button className={'usage-delete' + (revoking ? ' usage-delete--off' : '')} disabled={revoking} onClick={() => void revoke()}>
          {revoking ? '正在撤销…' : '撤销授权'}
        </Button>
      ) : null}
    </View>
  )
}

/**
 * 用证记录: every QR this phone showed (purpose, time, exactly which fields) and the service's
 * records (核验, 文件调用, reported results, with the verifier); the holder's 文件调用 grants, each
 * revocable; filter by certificate; ask a verifier to erase its copy. Offline: local records and the last fetched ones, with their time.
 */
export default function UsagePage() {
  const holder = useWallet((s) => s.holder)
  const cards = useWallet((s) => s.credentials)
  const local = useStore(usageStore, (s) => s.local)
  const server = useStore(usageStore, (s) => s.server)
  const fetching = useStore(usageStore, (s) => s.fetching)
  const error = useStore(usageStore, (s) => s.error)
  const retryAfter = useStore(usageStore, (s) => s.errorRetryAfter)
  const offline = useStore(usageStore, (s) => s.offline)
  const grants = useStore(usageStore, (s) => s.grants)
  const [certId, setCertId] = useState<string | null>(initialCertId)

  useEffect(() => {
    if (holder) void usageStore.getState().refresh()
  }, [holder])
  usePullDownRefresh(() => {
    void usageStore.getState().refresh().finally(() => Taro.stopPullDownRefresh())
  })

  const card = certId ? cards.find((c) => c.certId === certId) : undefined
  const certIds = certId ? [certId, ...(card?.replacedCertId ? [card.replacedCertId] : [])] : undefined
  const entries = mergeUsage({ local, server }, { modules: certRegistry.modules, purposeLabels, certIds })
  const shownGrants = certIds ? grants.filter((g) => certIds.includes(g.certId)) : grants

  return (
    <CarePage className='usage'>
      <Text className='usage-title'>用证记录</Text>
      <Text className='usage-text'>谁、什么时候、为了什么，看了您的哪些信息。</Text>
      {cards.length > 0 ? <Filter cards={cards} selected={certId} onSelect={setCertId} /> : null}
      {offline ? (
        <Text className='usage-banner'>暂时连不上政务服务。下面是本机的出示记录，和 {asOfText(server?.fetchedAt ?? null)} 获取的核验记录。</Text>
      ) : (
        <Text className='usage-asof'>{fetching ? '正在获取核验记录…' : `核验记录截至 ${asOfText(server?.fetchedAt ?? null)}`}</Text>
      )}
      <ErrorAlert block='usage-alert' code={offline ? null : error} retryAfterSeconds={retryAfter} onClick={() => usageStore.getState().clearError()} />
      {shownGrants.length > 0 ? (
        <View className='usage-grants'>
          <Text className='usage-subtitle'>文件调用授权</Text>
          {shownGrants.map((g) => (
            <Grant key={g.grantId} g={g} />
          ))}
        </View>
      ) : null}
      {entries.length === 0 ? <Text className='usage-empty'>{certId ? '这张证照还没有用证记录。' : '还没有用证记录。'}</Text> : null}
      {entries.map((e) => (
        <Entry key={e.key} e={e} />
      ))}
      <Button className='usage-btn care-hide' disabled={fetching} onClick={() => void usageStore.getState().refresh()}>
        {fetching ? '正在刷新…' : '刷新记录'}
      </Button>
    </CarePage>
  )
}
