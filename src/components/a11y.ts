/**
 * ARIA attributes for a Taro element. Taro's prop types know `ariaLabel` but not `role`; on H5 the
 * attributes reach the DOM as written (screen readers, axe-core), mini-programs ignore them.
 * @example <View {...a11y('button', '关怀模式')} onClick={toggle}>关怀模式</View>
 */
export function a11y(role: string | null, label?: string, more: Record<string, string> = {}): object {
  const props: Record<string, string> = { ...more }
  if (role) props.role = role
  // A drawn control is reached with the keyboard too (Tab), like a native button.
  if (role === 'button' || role === 'switch') props.tabindex = '0'
  if (label) props['aria-label'] = label
  return props
}
