import type { FaceCheckApi } from './faceCheck.types'
import { simulatedFaceCheck } from './faceCheck.simulated'

// H5 has no face-verification API of its own: the simulator's face page in the app stands in
// (a real deployment would redirect to the provincial platform's H5 face check instead).
// NOTE: import the implementation by its own name: on H5, Taro resolves './faceCheck' to this file.
export const faceCheck: FaceCheckApi = simulatedFaceCheck satisfies FaceCheckApi
