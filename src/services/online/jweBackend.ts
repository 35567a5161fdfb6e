// Default (Node: jest, the simulator, the RP demo, command-line tools). Taro picks
// jweBackend.h5.ts / .weapp.ts / .alipay.ts for its builds instead of this file.
export { joseJwe as platformJwe } from './jwe.node'
