// Default (Node: jest, the simulator, command-line tools). Taro picks backend.h5.ts /
// backend.weapp.ts / backend.alipay.ts for its builds instead of this file.
export { joseBackend as platformBackend } from './jose.node'
