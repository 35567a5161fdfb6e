import { Text } from '@tarojs/components'

const TEXT = { valid: '有效', expired: '已过期', revoked: '已作废' } as const

/** 有效 / 已过期 / 已作废 (or 已撤销 for a code). */
export default function StatusBadge({ status, revokedText }: { status: keyof typeof TEXT; revokedText?: string }) {
  return <Text className={`sh-badge sh-badge--${status}`}>{status === 'revoked' && revokedText ? revokedText : TEXT[status]}</Text>
}

export function dateText(iso: string | number): string {
  const d = new Date(typeof iso === 'number' ? iso * 1000 : iso)
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
}
