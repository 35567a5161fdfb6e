/** Taro picks this file for the H5 build. */
export const PLATFORM_APP_NAME = '浏览器'
