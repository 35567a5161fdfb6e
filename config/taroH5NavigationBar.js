/**
 * Replaces @tarojs/router's `navigationBar.js` in the H5 build (config/index.ts). Taro builds a
 * hidden navigation bar on every start (three SVG icons parsed from HTML strings, and its CSS) and
 * shows it only for pages whose `navigationStyle` is 'default'. No page of ours is one (every page
 * draws its own title and 返回 link; the build fails if a config asks for it), and the router's
 * navigation-bar handler does nothing when the bar's element is absent.
 */
export function initNavigationBar() {}
