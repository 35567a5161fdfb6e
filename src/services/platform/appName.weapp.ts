/** Taro picks this file for the WeChat build. */
export const PLATFORM_APP_NAME = '微信'
