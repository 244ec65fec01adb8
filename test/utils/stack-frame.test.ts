import { describe, expect, it } from 'vitest'
import { parseFrame } from '../../src/utils/stack-frame.js'

describe('parseFrame', () => {
  it('reads the frames V8 writes, named or not, sync or resumed after an await', () => {
    expect(parseFrame('    at run (file:///app/test/ivr.test.ts:12:8)')).toEqual({ head: '    at run (', file: 'file:///app/test/ivr.test.ts', line: 12, column: 8, tail: ')' })
    expect(parseFrame('    at /app/test/ivr.test.ts:12:8')).toEqual({ head: '    at ', file: '/app/test/ivr.test.ts', line: 12, column: 8, tail: '' })
    expect(parseFrame('    at async run (/app/test/ivr.test.ts:12:8)')).toMatchObject({ file: '/app/test/ivr.test.ts', line: 12 })
    // An anonymous function resumed after an await: a test's own `async () => { await callTo(…)… }`
    // from the installed package. Read before as a file named "async /app/…", so a failing step
    // pointed at the line of the `await` (newcomer audit-155 N1).
    expect(parseFrame('    at async /app/test/ivr.test.ts:7:5')).toEqual({ head: '    at async ', file: '/app/test/ivr.test.ts', line: 7, column: 5, tail: '' })
    expect(parseFrame('    at async file:///app/probe.mjs:7:3')).toMatchObject({ file: 'file:///app/probe.mjs', line: 7, column: 3 })
    expect(parseFrame('    at new Promise (<anonymous>)')).toBeUndefined()
  })
})
