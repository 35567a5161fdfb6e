import Taro from '@tarojs/taro'
import type { StateStorage } from 'zustand/middleware'

/**
 * zustand `persist` storage over Taro's synchronous storage (wx/my storage, localStorage on H5).
 * NOTE: a full quota makes setStorageSync throw; we rethrow so the store keeps its last good copy.
 */
export const taroStorage: StateStorage = {
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
