import Taro from '@tarojs/taro'
import { Button } from '@tarojs/components'
import type { PaperOutputProps } from './paperOutput.types'

/** WeChat / Alipay: the QR canvas saved to the album as an image, to print at a shop or send to family. */
export default function PaperOutput({ canvasId, disabled }: PaperOutputProps) {
  const save = () => {
    Taro.createSelectorQuery()
      .select(`#${canvasId}`)
      .fields({ node: true, size: true })
      .exec(async (res: { node?: unknown }[] | null) => {
        try {
          const canvas = res?.[0]?.node
          if (!canvas) throw new Error('no canvas')
          const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas } as unknown as Taro.canvasToTempFilePath.Option)
          await Taro.saveImageToPhotosAlbum({ filePath: tempFilePath })
          void Taro.showToast({ title: '已保存到相册', icon: 'success' })
        } catch {
          // Refused album permission, or an old base library: say so plainly.
          void Taro.showToast({ title: '保存失败，请允许访问相册后重试', icon: 'none' })
        }
      })
  }
  return (
    <Button className={`sh-btn sh-btn--primary${disabled ? ' sh-btn--off' : ''}`} disabled={disabled} onClick={save}>
      保存二维码图片到相册
    </Button>
  )
}
