import type { FaceCheckApi } from './faceCheck.types'
import { noFaceCheck } from './faceCheck.none'

/** Node / jest: no platform face API (see faceCheck.none.ts); tests use the simulator's face page. */
export const faceCheck: FaceCheckApi = noFaceCheck
