/** What the person calls the app this build runs in (for "please upgrade" messages). Node / jest. */
export const PLATFORM_APP_NAME = '浏览器'
