/**
 * Imported for its effect by every subpackage page (first import after the packages): registers
 * the texts of the codes only subpackage code meets (src/vocabulary/featureErrorText.ts), so they
 * stay out of the WeChat main package (issue #12) and are there whenever a subpackage page is.
 * Listed in package.json's `sideEffects`; test/unit/vocabulary/errorText.test.ts checks every
 * subpackage page imports it.
 */
import { FEATURE_ERROR_TEXT } from '../vocabulary/featureErrorText'
import { registerErrorText } from './errorText'

registerErrorText(FEATURE_ERROR_TEXT)
