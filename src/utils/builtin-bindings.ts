import { syncBuiltinESMExports } from 'node:module'

/**
 * ESM imports of Node's builtin modules (`import { request } from 'node:https'`) are bindings
 * that change only when `module.syncBuiltinESMExports()` copies each module's CommonJS object
 * into them, every builtin module at once. callspec brings them up to date for the modules whose
 * functions it replaces (node:timers, node:timers/promises: clock/timer-modules.ts; node:http and
 * node:https: api/named-imports.ts), once each, and through here: a binding pinned here keeps its
 * pinned value through every such sync, whatever the CommonJS object holds at that moment (an
 * interceptor applied for the call, which a stale binding would keep calling after it is gone).
 */
const pins: Array<{ module: Record<string, unknown>; name: string; value: unknown }> = []

export function pinBinding(module: Record<string, unknown>, name: string, value: unknown): void {
  pins.push({ module, name, value })
}

export function syncBuiltinBindings(): void {
  const held = pins.map(({ module, name }) => module[name])
  for (const { module, name, value } of pins) module[name] = value
  try {
    syncBuiltinESMExports()
  } finally {
    // The CommonJS objects get back what they held (the module's own function, or an interceptor's).
    pins.forEach(({ module, name, value }, i) => {
      if (module[name] === value) module[name] = held[i]
    })
  }
}
