/**
 * The call matchers on a call whose type is two platforms' union, and in a helper that takes any
 * call as a CallResult (docs/recipes.md). Checked by tsc (npm run typecheck). A conditional typing
 * of toHaveAction that made it compile in a helper generic in the call split the union into one
 * generic signature per platform, which TypeScript cannot call (audit h185: TS2349 "none of those
 * signatures are compatible"); reverted.
 */
import { expect } from 'vitest'
import { callTo, type CallResult } from '../../src/index.js'

declare const app: (req: unknown, res: unknown) => void

export async function eitherPlatform(flag: boolean): Promise<void> {
  const call = flag ? await callTo(app, { platform: 'enablex' }).expectAction('accept') : await callTo(app, { platform: '8x8' }).hangUp()
  expect(call).toHaveAction('hangup')
  expect(call).toHavePlayed('Goodbye.')
}

export function transfersToSales(call: CallResult): void {
  expect(call).toHaveAction('PATCH')
  expect(call).toHavePlayed('Connecting you to sales.')
  expect(call).not.toHaveHungUp()
}
