/**
 * Setup for the examples project: every call an example makes must have its transcript in
 * virtual-time order, and (the examples being the apps we recommend) pass with no warning.
 */
import { onTestFinished } from 'vitest'
import { onCallFinished } from '../../src/index.js'
import { outOfOrder } from './transcript-order.js'

onCallFinished(({ transcript, warnings, failed }) => {
  const problem = outOfOrder(transcript)
  const noisy = !failed && warnings.length > 0 ? `an example call passed with warnings (examples must run clean):\n${warnings.join('\n')}` : undefined
  if (!problem && !noisy) return
  try {
    onTestFinished(() => {
      throw new Error(`[callspec examples] ${problem ?? noisy}\n${transcript.print()}`)
    })
  } catch {
    // A call outside a running test: nothing to fail.
  }
})
