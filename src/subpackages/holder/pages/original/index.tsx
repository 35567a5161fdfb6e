import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import '../../../../components/featureErrorText'
import { useWallet, walletStore } from '../../../../store'
import { certRegistry } from '../../../../certs/registry'
import { platformBackend } from '../../../../services/crypto/backend'
import { base64urlDecode } from '../../../../services/encoding'
import { toWalletError, WalletError, type ErrorCode } from '../../../../services/errors'
import { verifyOriginal, type VerifiedOriginal } from '../../../../services/ofd/verifyOriginal'
import { PINNED_ROOT_KEYS } from '../../../../services/trust/rootKeys'
import { verifyTrustList } from '../../../../services/trust/verifyTrustList'
import { createStatusLookup } from '../../../../services/wallet/trustMaterial'
import { exportFile, fileExportAvailable } from '../../../../services/platform/fileExport'
import CarePage from '../../../../components/CarePage'
import { UnlockPanel } from '../../../../components/UnlockPanel'
import { ErrorAlert } from '../../../../components/ErrorAlert'
import { faceItems } from '../../model/originalFace'
import ComputerLink from './ComputerLink'
import './index.css'

/** The page is drawn 690 design px wide (750 less the margins). */
const PAGE_WIDTH_PX = 690

type Check = { state: 'checking' } | { state: 'ok'; v: VerifiedOriginal } | { state: 'bad'; code: ErrorCode }

/**
 * 电子证照原件: the sealed OFD fetched at claim, verified offline here (seal, every file's SM3
 * digest, the signer listed for the issuer and kind, the 证照标识, the stored status list), its
 * 照面 drawn from the OFD's own page (sensitive values masked as on the card), and exported.
 */
export default function OriginalPage() {
  const certId = decodeURIComponent(useRouter().params.certId ?? '')
  const c = useWallet((s) => s.credentials.find((x) => x.certId === certId) ?? null)
  const locked = useWallet((s) => s.locked)
  const trustList = useWallet((s) => s.trust.trustList)
  const [check, setCheck] = useState<Check>({ state: 'checking' })
  const [revealed, setRevealed] = useState(false)
  const [exportError, setExportError] = useState<ErrorCode | null>(null)
  const [exported, setExported] = useState(false)
  const original = c?.original ?? ''

  useEffect(() => {
    if (locked) setRevealed(false)
  }, [locked])

  useEffect(() => {
    if (!original) return
    let live = true
    setCheck({ state: 'checking' })
    void (async () => {
      try {
        if (!trustList) throw new WalletError('ERR_TRUST_LIST_MISSING')
        const now = Math.floor(Date.now() / 1000)
        const list = await verifyTrustList(trustList.jws, PINNED_ROOT_KEYS, platformBackend, now)
        const status = createStatusLookup({ trust: { list, jws: trustList.jws, fetchedAt: trustList.fetchedAt }, backend: platformBackend, now, stored: walletStore.getState().trust.statusLists })
        const v = await verifyOriginal(base64urlDecode(original), { trust: list, rootKeys: PINNED_ROOT_KEYS, registry: certRegistry, now, status })
        if (live) setCheck(v.metadata.certId === certId ? { state: 'ok', v } : { state: 'bad', code: 'ERR_CLAIM_INVALID' })
      } catch (e) {
        if (live) setCheck({ state: 'bad', code: toWalletError(e).code })
      }
    })()
    return () => {
      live = false
    }
  }, [original, trustList, certId])

  if (!c) {
    return (
      <CarePage className='original'>
        <Text className='original-bad'>找不到这张证照，请返回首页。</Text>
      </CarePage>
    )
  }
  if (locked) {
    return (
      <CarePage className='original'>
        <UnlockPanel reason='查看电子证照原件需要输入密码' onCancel={() => void Taro.navigateBack()} />
      </CarePage>
    )
  }
  if (!original) {
    return (
      <CarePage className='original'>
        <Text className='original-title'>{c.title}</Text>
        <Text className='original-text'>这张证照还没有电子证照原件。下次同步时会再次领取。</Text>
      </CarePage>
    )
  }

  const exportIt = async () => {
    setExportError(null)
    try {
      await exportFile(`${c.title}-${certId.split('.').slice(-3).join('')}.ofd`, base64urlDecode(original), 'application/ofd')
      setExported(true)
    } catch (e) {
      setExportError(toWalletError(e).code)
    }
  }

  const v = check.state === 'ok' ? check.v : null
  const face = v ? faceItems(v.pages[0], v.module, { widthPx: PAGE_WIDTH_PX, revealed }) : null
  const px = (n: number) => Taro.pxTransform(Math.round(n * 10) / 10)
  return (
    <CarePage className='original'>
      <Text className='original-title'>{c.title} · 电子证照原件</Text>
      {check.state === 'checking' ? <Text className='original-text'>正在核验签章…</Text> : null}
      {check.state === 'bad' ? <ErrorAlert block='original-bad' code={check.code} /> : null}
      {v ? (
        <Text className='original-ok'>
          签章有效：{v.seal.name}（{new Date(v.seal.signedAt * 1000).toISOString().slice(0, 10)} 签章），文件未被改动{v.checks.status === 'valid' ? '，证照状态正常' : ''}
        </Text>
      ) : null}
      {face ? (
        <View className='original-page' style={{ width: px(PAGE_WIDTH_PX), height: px(face.heightPx) }} aria-label='电子证照原件照面'>
          {face.items.map((it, i) =>
            it.type === 'text' ? (
              <Text
                key={i}
                className={`original-page__text${it.bold ? ' original-page__text--bold' : ''}`}
                data-name={it.name ?? undefined}
                style={{ left: px(it.left), top: px(it.top), fontSize: px(it.fontSize) }}
              >
                {it.text}
              </Text>
            ) : (
              <View key={i} className='original-page__line' style={{ left: px(it.left), top: px(it.top), width: px(it.width), height: px(it.height) }} />
            )
          )}
          <View className='original-seal' style={{ right: px(24), top: px(80), width: px(150), height: px(150) }}>
            <Text>{v!.seal.name}</Text>
          </View>
        </View>
      ) : null}
      {face ? (
        <Button className='original-btn' onClick={() => setRevealed(!revealed)}>
          {revealed ? '隐藏敏感信息' : '查看完整信息'}
        </Button>
      ) : null}
      {fileExportAvailable() ? (
        <Button className='original-btn original-btn--primary' onClick={() => void exportIt()}>
          导出原件（OFD 文件）
        </Button>
      ) : (
        <ComputerLink certId={certId} />
      )}
      {exported ? <Text className='original-ok'>已导出。对方可用电子证照核验工具或“证照夹”核验模式上传核验。</Text> : null}
      <ErrorAlert block='original-bad' code={exportError} />
    </CarePage>
  )
}
