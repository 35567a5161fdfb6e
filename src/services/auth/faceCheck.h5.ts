import type { FaceCheckApi } from './faceCheck.types'
import { noFaceCheck } from './faceCheck.none'

// H5 has no face-verification API of its own (see faceCheck.none.ts); with the simulator the
// stores use the simulator's face page (faceCheck.simulated.ts).
// NOTE: import the implementation by its own name: on H5, Taro resolves './faceCheck' to this file.
export const faceCheck: FaceCheckApi = noFaceCheck satisfies FaceCheckApi
