/**
 * Driver.eventFields, each platform's webhook field names, is what the first-turn hint asks
 * "is `platform` right?" by when an app crashed reading a field: kept in step with the event
 * schemas here, so a field added to a schema is not missed there.
 */
import { describe, expect, it } from 'vitest'
import { drivers } from '../../drivers/index.js'
import { payloadJsonSchemas } from '../../drivers/json-schemas.js'

/** Each platform's payload kinds that are webhooks it sends. */
const WEBHOOK_KINDS: Record<string, string[]> = { 'webex-connect': ['event'], enablex: ['event'], '8x8': ['vca', 'vss', 'vcs'], voxology: ['callback'] }

function propertyNames(schema: unknown, out = new Set<string>()): Set<string> {
  if (typeof schema !== 'object' || schema === null) return out
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) for (const name of Object.keys(value)) out.add(name)
    propertyNames(value, out)
  }
  return out
}

describe('Driver.eventFields', () => {
  it.each(Object.values(drivers).map((d) => [d.platform, d] as const))('%s: every field of its webhook schemas', (platform, driver) => {
    const schemas = payloadJsonSchemas[platform]!()
    const names = new Set<string>()
    for (const kind of WEBHOOK_KINDS[platform]!) propertyNames(schemas[kind], names)
    expect(names.size).toBeGreaterThan(0)
    expect([...names].filter((n) => !driver.eventFields?.includes(n))).toEqual([])
  })
})
