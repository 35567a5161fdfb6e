/** Taro picks this file for the Alipay build. */
export const PLATFORM_APP_NAME = '支付宝'
