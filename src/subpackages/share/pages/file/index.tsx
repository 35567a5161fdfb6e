import { useEffect, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import '../../../../components/featureErrorText'
import { useWallet } from '../../../../store'
import { shareStore, useShare, grantFields, grantTargets } from '../../store'
import { dateText } from '../../components/StatusBadge'
import CarePage from '../../../../components/CarePage'
import { AuthorizeSheet } from '../../../../components/AuthorizeSheet'
import { certRegistry } from '../../../../certs/registry'
import { purposeLabels } from '../../../../vocabulary/purposeText'
import { FILE_GRANT_DAYS } from '../../../../vocabulary/fileGrants'
import '../../share.css'
import { useHolderGate } from '../../components/HolderGate'
import { ErrorAlert } from '../../../../components/ErrorAlert'

const labelOf = (purpose: string) => (purposeLabels as Record<string, string>)[purpose] ?? purpose

function fieldLabel(kind: string, name: string): string {
  const spec = certRegistry.find(kind)?.fields.find((f) => f.name === name)
  if (!spec) return '其他信息'
  return spec.format === 'image-hash' ? `${spec.label}校验码（不含照片）` : spec.label
}

/**
 * 文件调用授权: the holder lets one registered organisation (from the root-signed 用证单位 registry:
 * its registered name and 统一社会信用代码, nothing typed in) fetch a watermarked copy (加注件) of one
 * certificate, for one purpose the organisation is registered for, for 1, 7 or 30 days. The PIN
 * approves it; the wallet signs the grant with the device key. The holder sees it, and every fetch
 * under it, in 用证记录, and can revoke it there.
 */
export default function FileGrantPage() {
  const { params } = useRouter()
  const gate = useHolderGate({ title: '文件调用授权', reason: '授权文件调用前请输入密码，防止他人拿您的手机冒用证照', noHolder: '请先在证照夹首页完成实名认证并领取证照。' })
  const credentials = useWallet((s) => s.credentials)
  const institutions = useShare((s) => s.institutions)
  const grant = useShare((s) => s.grant)
  const busy = useShare((s) => s.busy)
  const error = useShare((s) => s.error)
  const retryAfter = useShare((s) => s.errorRetryAfter)
  const usable = credentials.filter((c) => c.status === 'valid')
  const [certId, setCertId] = useState<string | null>(params.certId ? decodeURIComponent(params.certId) : usable[0]?.certId ?? null)
  const [orgId, setOrgId] = useState<string | null>(null)
  const [purpose, setPurpose] = useState<string | null>(null)
  const [days, setDays] = useState<number>(7)
  const [asking, setAsking] = useState(false)

  useEffect(() => {
    if (!gate && institutions === null) void shareStore.getState().loadInstitutions()
  }, [gate, institutions])

  if (gate) return gate

  const chosen = usable.find((c) => c.certId === certId) ?? null
  const targets = chosen && institutions ? grantTargets(institutions, chosen.kind, certRegistry.modules) : []
  const target = targets.find((t) => t.institution.id === orgId) ?? null
  const purposeOk = !!target && !!purpose && target.purposes.includes(purpose)
  const ready = !!chosen && purposeOk && !busy

  if (grant) {
    return (
      <CarePage className='sh'>
        <Text className='sh-title'>已授权文件调用</Text>
        <View className='sh-panel' id='file-grant-done'>
          <View className='sh-row sh-row--long'>
            <Text className='sh-row__key'>用证单位</Text>
            <Text className='sh-row__value'>{grant.institutionName}</Text>
          </View>
          <View className='sh-row'>
            <Text className='sh-row__key'>统一社会信用代码</Text>
            <Text className='sh-row__value'>{grant.institutionId}</Text>
          </View>
          <View className='sh-row'>
            <Text className='sh-row__key'>用证事由</Text>
            <Text className='sh-row__value'>{labelOf(grant.purpose)}</Text>
          </View>
          <View className='sh-row'>
            <Text className='sh-row__key'>有效期至</Text>
            <Text className='sh-row__value'>{dateText(grant.expiresAt)}</Text>
          </View>
          <View className='sh-row'>
            <Text className='sh-row__key'>授权编号</Text>
            <Text className='sh-row__value'>{grant.grantId}</Text>
          </View>
          <Text className='sh-small'>
            请把授权编号告诉对方。对方只能凭此编号、用本单位登记的密钥调取一份带水印的加注件，只能用于上述事由，到期或您撤销后即不能再调取。每次调取都会记入您的用证记录，您也可以在用证记录中撤销授权。
          </Text>
        </View>
        <Button className='sh-btn' onClick={() => shareStore.getState().clearGrant()}>
          完成
        </Button>
      </CarePage>
    )
  }

  return (
    <CarePage className='sh'>
      <Text className='sh-title'>文件调用授权</Text>
      <Text className='sh-text'>授权一个已登记的单位调取您证照的加注件（带该单位名称、用途和有效期的水印）。只有您选的单位能调取，到期或撤销后即失效。</Text>
      <ErrorAlert block='sh-alert' code={error} retryAfterSeconds={retryAfter} onClick={() => shareStore.getState().clearError()} />
      <View className='sh-panel'>
        <Text className='sh-label'>证照</Text>
        <View className='sh-choice'>
          {usable.map((c) => (
            <Button
              key={c.certId}
              className={`sh-choice__item${c.certId === certId ? ' sh-choice__item--on' : ''}`}
              onClick={() => {
                setCertId(c.certId)
                setOrgId(null)
                setPurpose(null)
              }}
            >
              {c.title}
            </Button>
          ))}
        </View>
        <Text className='sh-label'>用证单位（来自国家用证单位名录）</Text>
        {institutions === null ? <Text className='sh-small'>{busy === 'registry' ? '正在获取用证单位名录…' : '用证单位名录暂不可用'}</Text> : null}
        {institutions !== null && targets.length === 0 ? <Text className='sh-small'>没有可以调取这张证照的已登记单位。</Text> : null}
        {targets.map((t) => (
          <Button
            key={t.institution.id}
            className={`sh-choice__item file-org${t.institution.id === orgId ? ' sh-choice__item--on' : ''}`}
            onClick={() => {
              setOrgId(t.institution.id)
              setPurpose(t.purposes.length === 1 ? t.purposes[0] : null)
            }}
          >
            <View className='file-org__text'>
              <Text className='file-org__name'>{t.institution.name}</Text>
              <Text className='file-org__id'>统一社会信用代码 {t.institution.id}</Text>
            </View>
          </Button>
        ))}
        {target ? (
          <>
            <Text className='sh-label'>用证事由（该单位登记的事由）</Text>
            <View className='sh-choice'>
              {target.purposes.map((p) => (
                <Button key={p} className={`sh-choice__item${p === purpose ? ' sh-choice__item--on' : ''}`} onClick={() => setPurpose(p)}>
                  {labelOf(p)}
                </Button>
              ))}
            </View>
          </>
        ) : null}
        {chosen && purposeOk ? (
          <Text className='sh-small' id='file-grant-fields'>
            对方将看到：{grantFields(chosen.kind, purpose!, certRegistry.modules).map((f) => fieldLabel(chosen.kind, f)).join('、')}
          </Text>
        ) : null}
        <Text className='sh-label'>授权期限</Text>
        <View className='sh-choice'>
          {FILE_GRANT_DAYS.map((d) => (
            <Button key={d} className={`sh-choice__item${d === days ? ' sh-choice__item--on' : ''}`} onClick={() => setDays(d)}>
              {`${d}天`}
            </Button>
          ))}
        </View>
        <Button className={`sh-btn sh-btn--primary${ready ? '' : ' sh-btn--off'}`} disabled={!ready} onClick={() => setAsking(true)}>
          {busy === 'grant' ? '正在授权…' : '授权调用'}
        </Button>
      </View>
      <AuthorizeSheet
        visible={asking}
        title={target ? `授权${target.institution.name}调取${chosen?.title ?? '证照'}` : '授权文件调用'}
        onDone={(ok, pinGrant) => {
          setAsking(false)
          if (ok && chosen && target && purpose) void shareStore.getState().createGrant({ certId: chosen.certId, institutionId: target.institution.id, purpose, days }, pinGrant)
        }}
      />
    </CarePage>
  )
}
