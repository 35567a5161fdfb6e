import { useEffect, useMemo, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import '../../../../components/featureErrorText'
import { useDelegation, useWallet, walletStore } from '../../../../store'
import { agentLinks } from '../../../../store/delegationCore'
import { certRegistry } from '../../../../certs/registry'
import { readBearerCredential } from '../../../../services/presentation/bearerCredential'
import type { PaperCredential } from '../../../../services/api/types'
import QrCanvas from '../../../../components/QrCanvas'
import { shareStore, useShare } from '../../store'
import PaperOutput from '../../components/PaperOutput'
import StatusBadge, { dateText } from '../../components/StatusBadge'
import CarePage from '../../../../components/CarePage'
import '../../share.css'
import { confirmDestructive } from '../../confirm'
import { useHolderGate } from '../../components/HolderGate'
import { ErrorAlert } from '../../../../components/ErrorAlert'

const CANVAS_ID = 'paper-qr'

/** The fields printed beside the QR, read from the signed text itself (what a verifier will see). */
function paperFields(p: PaperCredential): { label: string; value: string }[] {
  try {
    const { body } = readBearerCredential(p.credential, certRegistry)
    const module = certRegistry.require(body.kind)
    return (certRegistry.bearerFields('paper', body.kind) ?? [])
      .filter((name) => body.claims[name] !== undefined)
      .map((name) => ({ label: module.fields.find((f) => f.name === name)?.label ?? name, value: String(body.claims[name]) }))
  } catch {
    return []
  }
}

/** The printable sheet: what goes on paper, and nothing else (print CSS hides the rest). */
function Sheet({ paper }: { paper: PaperCredential }) {
  const module = certRegistry.find(paper.kind)
  const fields = useMemo(() => paperFields(paper), [paper])
  return (
    <View className='paper-sheet' id='paper-sheet'>
      <Text className='paper-sheet__brand'>证照夹 · 电子证照纸质凭证</Text>
      <Text className='paper-sheet__title'>{module?.label ?? '纸质凭证'}</Text>
      {fields.map((f) => (
        <View key={f.label} className='sh-row'>
          <Text className='sh-row__key'>{f.label}</Text>
          <Text className='sh-row__value'>{f.value}</Text>
        </View>
      ))}
      <QrCanvas text={paper.credential} canvasId={CANVAS_ID} className='paper-sheet__qr' canvasClassName='paper-sheet__canvas' label='纸质凭证二维码' />
      <Text className='paper-sheet__warn'>核验时请同时出示本人身份证件</Text>
      <Text className='paper-sheet__meta'>
        凭证编号 {paper.paperId} · 有效期至 {dateText(paper.expiresAt)}
      </Text>
      <Text className='paper-sheet__meta'>如遗失，请家人在证照夹“纸质凭证”中作废此凭证</Text>
    </View>
  )
}

const confirmRevoke = (): Promise<boolean> =>
  confirmDestructive({
    title: '作废这张纸质凭证？',
    content: '作废后，纸上的二维码将无法通过核验（核验方更新数据后生效）。如需要可重新打印一张。',
    confirmText: '作废',
    cancelText: '不作废'
  })

export default function PaperPage() {
  const { params } = useRouter()
  const gate = useHolderGate({ title: '纸质凭证', reason: '打印或作废纸质凭证前请输入密码，防止他人拿您的手机冒用证照', noHolder: '请先在证照夹首页完成实名认证并领取证照，再打印纸质凭证。' })
  const credentials = useWallet((s) => s.credentials)
  const papers = useShare((s) => s.papers)
  const relativePapers = useShare((s) => s.relativePapers)
  const links = useDelegation((s) => s.links)
  const familyBatches = useDelegation((s) => s.batches)
  const busy = useShare((s) => s.busy)
  const error = useShare((s) => s.error)
  const [shownId, setShownId] = useState<string | null>(params.paperId ? decodeURIComponent(params.paperId) : null)
  const onlyCert = params.certId ? decodeURIComponent(params.certId) : null

  useEffect(() => {
    if (walletStore.getState().holder) void shareStore.getState().loadPapers()
  }, [])

  const printable = credentials.filter((c) => certRegistry.bearerKinds('paper').includes(c.kind) && c.status === 'valid' && (!onlyCert || c.certId === onlyCert))
  const shownRelative = relativePapers.find((p) => p.paperId === shownId) ?? null
  const shown = papers.find((p) => p.paperId === shownId) ?? shownRelative
  // 家人代办: her kinds this phone holds credentials of (fetched inside her scope) that have a paper form.
  const forFamily = agentLinks({ links }).flatMap((l) =>
    [...new Set(Object.values(familyBatches[l.linkId] ?? {}).flatMap((b) => b?.kinds ?? []))]
      .filter((k) => certRegistry.bearerKinds('paper').includes(k))
      .map((kind) => ({ link: l, kind }))
  )
  const issueForRelative = async (linkId: string, name: string, kind: string) => {
    const p = await shareStore.getState().issueRelativePaper(linkId, name, kind)
    if (p) setShownId(p.paperId)
  }

  const issue = async (certId: string) => {
    const p = await shareStore.getState().issuePaper(certId)
    if (p) setShownId(p.paperId)
  }
  const revoke = async (paperId: string) => {
    if (await confirmRevoke()) await shareStore.getState().revokePaper(paperId)
  }

  if (gate) return gate

  return (
    <CarePage className='sh'>
      <ErrorAlert block='sh-alert' code={error} onClick={() => shareStore.getState().clearError()} />

      {shown ? (
        <View>
          {shown.status !== 'valid' ? (
            <View className='sh-alert'>
              <Text className='sh-alert__text'>{shown.status === 'revoked' ? '这张纸质凭证已作废，不能再使用' : '这张纸质凭证已过期'}</Text>
            </View>
          ) : null}
          {shownRelative ? <Text className='sh-small'>为家人 {shownRelative.relativeName} 打印（家人代办）。这张凭证属于 TA，TA 可在自己的证照夹中作废。</Text> : null}
          <Sheet paper={shown} />
          {shown.status === 'valid' ? <PaperOutput canvasId={CANVAS_ID} /> : null}
          {shown.status === 'valid' && !shownRelative ? (
            <Button className={`sh-btn sh-btn--danger${busy ? ' sh-btn--off' : ''}`} disabled={!!busy} onClick={() => void revoke(shown.paperId)}>
              作废这张纸质凭证
            </Button>
          ) : null}
          <Button className='sh-btn' onClick={() => setShownId(null)}>
            返回纸质凭证列表
          </Button>
        </View>
      ) : (
        <View>
          <Text className='sh-title'>纸质凭证</Text>
          <Text className='sh-text'>给没有智能手机的家人打印一张带二维码的凭证，一年内有效。药店、酒店等扫码核验时，请同时出示本人身份证件。</Text>
          <Text className='sh-small'>纸上只印姓名和部分遮挡的证件号码。纸张遗失可随时在此作废。</Text>
          <View className='sh-panel'>
            <Text className='sh-panel__title'>选择要打印的证照</Text>
            {printable.length === 0 ? <Text className='sh-text'>没有可打印的证照（支持身份证、网证、医保电子凭证、社保卡）。</Text> : null}
            {printable.map((c) => (
              <Button key={c.certId} className={`sh-btn sh-btn--primary${busy ? ' sh-btn--off' : ''}`} disabled={!!busy} onClick={() => void issue(c.certId)}>
                {busy === 'issue-paper' ? '正在生成…' : `打印${c.title}`}
              </Button>
            ))}
          </View>
          {forFamily.length > 0 ? (
            <View className='sh-panel'>
              <Text className='sh-panel__title'>为家人打印（家人代办）</Text>
              {forFamily.map(({ link, kind }) => (
                <Button
                  key={`${link.linkId}-${kind}`}
                  className={`sh-btn sh-btn--primary${busy ? ' sh-btn--off' : ''}`}
                  disabled={!!busy}
                  onClick={() => void issueForRelative(link.linkId, link.relativeName, kind)}
                >
                  {busy === 'relative-paper' ? '正在生成…' : `打印 ${link.relativeName} 的${certRegistry.find(kind)?.label ?? kind}`}
                </Button>
              ))}
            </View>
          ) : null}
          {papers.length > 0 ? (
            <View>
              <Text className='sh-panel__title'>已生成的纸质凭证</Text>
              {papers.map((p) => (
                <View key={p.paperId} className='sh-item'>
                  <View className='sh-item__head'>
                    <Text className='sh-item__title'>{certRegistry.find(p.kind)?.label ?? p.kind}</Text>
                    <StatusBadge status={p.status} />
                  </View>
                  <Text className='sh-small'>
                    编号 {p.paperId} · 有效期至 {dateText(p.expiresAt)}
                  </Text>
                  <Button className='sh-btn' onClick={() => setShownId(p.paperId)}>
                    查看{p.status === 'valid' ? '并打印' : ''}
                  </Button>
                  {p.status === 'valid' ? (
                    <Button className={`sh-btn sh-btn--danger${busy ? ' sh-btn--off' : ''}`} disabled={!!busy} onClick={() => void revoke(p.paperId)}>
                      作废
                    </Button>
                  ) : null}
                </View>
              ))}
            </View>
          ) : null}
        </View>
      )}
    </CarePage>
  )
}
