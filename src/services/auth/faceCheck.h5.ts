import type { FaceCheckApi } from './faceCheck.types'
import { faceCheck as simulated } from './faceCheck'

// H5 has no face-verification API of its own: the simulator's face page in the app stands in
// (a real deployment would redirect to the provincial platform's H5 face check instead).
export const faceCheck: FaceCheckApi = simulated satisfies FaceCheckApi
