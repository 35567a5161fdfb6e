/**
 * Keyboard only (issue #13): the H5 Button is a div (as Taro draws it), so it carries role and
 * tabindex itself (src/components/h5/Button.tsx) and the app shell makes Enter/Space press it
 * (src/services/platform/appShell.h5.ts). A
 * holder sets the PIN on the drawn pad and starts the face check without touching a pointer.
 */
import type { Page } from 'playwright-core'
import { installH5Session, newPhonePage, screenshot, TEST_PIN, waitForMock } from './launch'
import { ZHANG, ZHANG_CARD_COUNT } from '../support/demoHolder'

const h5 = installH5Session()

/** Presses Tab until the focused element's text is `text` (at most 80 times); returns whether it got there. */
async function tabTo(page: Page, text: string): Promise<boolean> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '')
    if (focused === text) return true
  }
  return false
}

test('PIN pad and Taro buttons: reached with Tab, pressed with Enter or Space', async () => {
  const { page, errors } = await newPhonePage(h5.browser)
  await page.goto(h5.url + '/')
  await waitForMock(page)
  await page.getByText('设置 6 位数字密码').waitFor()
  for (const [round, next] of [
    [0, '请再输入一次密码'],
    [1, '领取电子证照']
  ] as const) {
    for (const [i, d] of [...TEST_PIN].entries()) {
      // Start each key from the top of the page, so the Tab path is the real one.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
      expect(await tabTo(page, d)).toBe(true)
      await page.keyboard.press(i % 2 === round ? 'Enter' : ' ')
    }
    await page.getByText(next).waitFor()
  }
  // The demo holder's button is a <Button>: a div, reachable by Tab all the same.
  const demo = page.locator('.taro-button-core', { hasText: ZHANG })
  await expect(demo.getAttribute('tabindex')).resolves.toBe('0')
  await expect(demo.getAttribute('role')).resolves.toBe('button')
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  expect(await tabTo(page, ZHANG)).toBe(true)
  // A visible ring shows where the keyboard is.
  await expect(page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).resolves.toBe('solid')
  await screenshot(page, 'keyboard-01-focus-on-button', { fullPage: false })
  await page.keyboard.press('Enter')
  // The simulated face page: its 模拟核验通过 is a Taro <Button> too; Space presses it.
  await page.getByText('模拟核验通过').first().waitFor({ timeout: 20000 })
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  expect(await tabTo(page, '模拟核验通过')).toBe(true)
  await page.keyboard.press(' ')
  await page.getByText(`可领取的证照（${ZHANG_CARD_COUNT}）`).waitFor({ timeout: 20000 })
  await screenshot(page, 'keyboard-02-claim-list')
  expect(errors).toEqual([])
})
