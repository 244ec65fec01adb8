// Nothing here imports callspec: the matcher types come from `"types": ["callspec/vitest"]` alone.
import { expect } from 'vitest'

declare const call: { readonly isCallResult: true }
expect(call).toHavePlayed(/menu/)
expect(call).not.toHaveHungUp()
expect({ action: 'ANSWER' }).toBeValidAction('webex-connect')
