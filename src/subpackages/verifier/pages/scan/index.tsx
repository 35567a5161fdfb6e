import { useEffect, useState } from 'react'
import '../../../../components/featureErrorText'
import BackBar from '../../../../components/BackBar'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { verifierStore, useVerifier } from '../../store'
import { findRole } from '../../../../vocabulary/roles'
import { materialAge } from '../../model/verifierMaterial'
import RolePicker from '../../components/RolePicker'
import MaterialBar from '../../components/MaterialBar'
import EnrolPanel from '../../components/EnrolPanel'
import FileFetch from '../../components/FileFetch'
import ResultScreen from '../../components/ResultScreen'
import VerifierLog from '../../components/VerifierLog'
import ChallengePanel from '../../components/ChallengePanel'
import ScanEntry from '../../components/ScanEntry'
import './index.css'
import { OfflineOriginNote } from '../../../../components/OfflineOriginNote'

/** Opening the page updates the material in the background when it is older than this. */
const AUTO_REFRESH_AGE_MS = 6 * 3600 * 1000
/** A result (with personal data) leaves the screen by itself after this long. */
const RESULT_TIMEOUT_MS = 3 * 60 * 1000

/** The current time, re-read every 30 s so the material's age and warnings stay true. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(t)
  }, [])
  return now
}

/** Follows the platform's network state, for the 人像比对 note and the auto-update. */
function useNetworkState(): void {
  useEffect(() => {
    const apply = (r: { networkType?: string; networkAvailable?: boolean; isConnected?: boolean } | undefined) => {
      if (!r) return
      const online = r.isConnected ?? r.networkAvailable ?? String(r.networkType ?? '').toLowerCase() !== 'none'
      verifierStore.getState().setOnline(online)
    }
    try {
      Taro.getNetworkType({ success: apply, fail: () => undefined })
      Taro.onNetworkStatusChange(apply)
    } catch {
      // Not every runtime reports it; the store learns from its own requests instead.
    }
    return () => {
      try {
        Taro.offNetworkStatusChange(apply)
      } catch {
        // see above
      }
    }
  }, [])
}

export default function ScanPage() {
  const roleId = useVerifier((s) => s.role)
  const material = useVerifier((s) => s.material)
  const busy = useVerifier((s) => s.busy)
  const materialError = useVerifier((s) => s.materialError)
  const materialFailures = useVerifier((s) => s.materialFailures)
  const result = useVerifier((s) => s.result)
  const online = useVerifier((s) => s.online)
  const log = useVerifier((s) => s.log)
  const challenge = useVerifier((s) => s.challenge)
  const enrolment = useVerifier((s) => s.enrolment)
  const [choosingRole, setChoosingRole] = useState(false)
  const now = useNow()
  useNetworkState()
  const role = findRole(roleId)
  const age = materialAge(material, now)

  useEffect(() => {
    // The officer holds the phone out for the holder's QR: the screen must not dim mid-check.
    try {
      void Taro.setKeepScreenOn({ keepScreenOn: true })?.catch?.(() => undefined)
    } catch {
      // H5 has no such switch.
    }
    const s = verifierStore.getState()
    const a = materialAge(s.material, Date.now())
    if (a.updatedAt === null || Date.now() - a.updatedAt > AUTO_REFRESH_AGE_MS) void s.refreshMaterial()
  }, [])

  useEffect(() => {
    if (!result) return
    const t = setTimeout(() => verifierStore.getState().dismissResult(), RESULT_TIMEOUT_MS)
    return () => clearTimeout(t)
  }, [result])

  const refresh = () => void verifierStore.getState().refreshMaterial()
  const verify = (text: string) => void verifierStore.getState().verify(text)

  if (result) {
    return (
      <ResultScreen
        result={result}
        role={role}
        verifierName={enrolment?.name ?? null}
        online={online}
        materialUpdatedAt={age.updatedAt}
        refreshing={busy === 'material'}
        onDone={() => verifierStore.getState().dismissResult()}
        onRefresh={refresh}
      />
    )
  }

  return (
    <View className='vf'>
      <BackBar />
      <View className='vf-head'>
        <Text className='vf-title'>扫码核验</Text>
        {role && !choosingRole ? (
          <View className='vf-head__role'>
            <Text className='vf-head__role-label'>{enrolment ? `${role.label} · ${enrolment.name}` : role.label}</Text>
            {/* An enrolled phone checks as its registration: no other role. */}
            {enrolment ? null : (
              <Button className='vf-link' onClick={() => setChoosingRole(true)}>
                切换身份
              </Button>
            )}
          </View>
        ) : null}
      </View>
      {!role || choosingRole ? (
        <RolePicker
          current={roleId}
          onPick={(r) => {
            verifierStore.getState().setRole(r)
            setChoosingRole(false)
          }}
        />
      ) : (
        <View>
          <EnrolPanel />
          <OfflineOriginNote what='核验页' />
          <MaterialBar age={age} busy={busy === 'material'} error={materialError} failures={materialFailures} onRefresh={refresh} />
          {role.id === 'pharmacy' ? (
            <Button className='vf-btn vf-btn--primary' onClick={() => Taro.navigateTo({ url: '/subpackages/pos/pages/counter/index' })}>
              医保结算收款（扫医保码）
            </Button>
          ) : null}
          <View className='vf-panel'>
            <ScanEntry onText={verify} onOriginal={(bytes) => void verifierStore.getState().verifyOriginalFile(bytes)} disabled={busy === 'verify'} />
            {busy === 'verify' ? <Text className='vf-hint'>正在核验…</Text> : null}
          </View>
          <ChallengePanel
            challenge={challenge}
            onIssue={() => void verifierStore.getState().issueChallenge()}
            onCancel={() => verifierStore.getState().cancelChallenge()}
          />
          <FileFetch />
          <VerifierLog log={log} nowMs={now} onClear={() => verifierStore.getState().clearLog()} />
        </View>
      )}
    </View>
  )
}
