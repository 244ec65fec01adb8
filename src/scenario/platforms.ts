import { payloadJsonSchemas } from '../../drivers/json-schemas.js'
import { drivers } from '../index.js'
import { withActionFields } from './action-fields.js'
import type { PlatformCatalog } from './parse.js'

/**
 * The platforms scenario files are read against, by `callspec run` and by `scenarios()` alike:
 * each action's fields from the driver's own payload schemas, so a `match` key that is no field
 * of its action (a typo) makes the file invalid in both, with the same message. Like src/index.ts,
 * it puts the core and the vendors together, so it is one of the few files of src/ that may import
 * drivers/ (eslint.config.js).
 */
export const scenarioPlatforms = (): PlatformCatalog => withActionFields(drivers, payloadJsonSchemas)
