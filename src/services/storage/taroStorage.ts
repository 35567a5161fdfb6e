import Taro from '@tarojs/taro'

/**
 * zustand `persist` storage over Taro's synchronous storage (wx/my storage; H5: taroStorage.h5.ts,
 * which writes objects). Blobs are JSON strings here. NOTE: a full quota makes setStorageSync
 * throw; we rethrow so the store keeps its last good copy.
 */
export const taroStorage: {
  getItem: (name: string) => unknown
  setItem: (name: string, value: string) => void
  removeItem: (name: string) => void
  setObject?: (name: string, value: object) => void
} = {
  getItem: (name) => {
    const v = Taro.getStorageSync(name)
    return typeof v === 'string' && v !== '' ? v : null
  },
  setItem: (name, value) => {
    Taro.setStorageSync(name, value)
  },
  removeItem: (name) => {
    Taro.removeStorageSync(name)
  }
}
