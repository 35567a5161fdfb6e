import type { FaceCheckApi } from './faceCheck.types'
import { simulatedFaceCheck } from './faceCheck.simulated'

/** Node / jest: the simulator's face page (see faceCheck.simulated.ts). */
export const faceCheck: FaceCheckApi = simulatedFaceCheck
