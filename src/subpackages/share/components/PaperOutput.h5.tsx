import { Button } from '@tarojs/components'
import type { PaperOutputProps } from './paperOutput.types'

/** H5: the print dialog (print to paper, or 另存为 PDF); the page's print CSS prints the sheet only. */
export default function PaperOutput({ disabled }: PaperOutputProps) {
  return (
    <Button className={`sh-btn sh-btn--primary${disabled ? ' sh-btn--off' : ''}`} disabled={disabled} onClick={() => window.print()}>
      打印 / 保存为PDF
    </Button>
  )
}
