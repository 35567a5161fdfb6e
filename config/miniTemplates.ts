/**
 * A Taro plugin (config/index.ts `plugins`) that keeps components the app never renders out of the
 * mini-programs' base template (WeChat base.wxml, the main package).
 *
 * Taro writes a template for every component it sees in the code's JSX, plus a fixed set it always
 * includes (@tarojs/webpack5-runner `utils/component.ts`): view and its variants, text, image and
 * scroll-view. We render no Image and no ScrollView, yet scroll-view alone cost 9.4 KB of base.wxml
 * (one template per nesting level). A component the code does use is added back while the build
 * parses JSX, so this only removes templates nothing can ask for (a node whose template is missing
 * would render nothing: test/miniprogram/size-budget.test.ts checks the built template against the
 * components src/ imports).
 */
/** The part of Taro's plugin context this plugin uses (`ctx.modifyComponentConfig`, a build hook of @tarojs/cli). */
interface TemplatePluginContext {
  modifyComponentConfig(fn: (args: { componentConfig: TaroComponentConfig }) => void): void
}

/** The part of Taro's component config (@tarojs/webpack5-runner `utils/component`) read here. */
export interface TaroComponentConfig {
  /** Tags base.wxml gets a template for: Taro's defaults, plus every tag the build finds in JSX. */
  includes: Set<string>
}

/**
 * The build's component config, once Taro hands it over: config/miniComponents.ts checks at the
 * end of the build that every tag in it kept its runtime attributes.
 */
export const taroComponentConfig: { current?: TaroComponentConfig } = {}

/** Taro's always-included components that the app never renders (src/ imports neither). */
export const UNUSED_BASE_COMPONENTS = ['scroll-view', 'image', 'static-image'] as const

export default (ctx: TemplatePluginContext) => {
  ctx.modifyComponentConfig(({ componentConfig }) => {
    taroComponentConfig.current = componentConfig
    for (const name of UNUSED_BASE_COMPONENTS) componentConfig.includes.delete(name)
  })
}
