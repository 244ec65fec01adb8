/**
 * The ids of a fake API's last calls that have ended, so that a request about one (an app's timer
 * or awaited request that outlived its call, often its test's) is told from one for a wrong id:
 * see stray-requests.ts attributeToEndedCall. Ids only, never the calls: a finished call is not
 * kept alive by it. Bounded: the oldest are forgotten first.
 */
export class EndedCalls {
  readonly #ids = new Set<string>()

  constructor(private readonly kept = 256) {}

  add(id: string): void {
    this.#ids.delete(id)
    this.#ids.add(id)
    if (this.#ids.size > this.kept) this.#ids.delete(this.#ids.values().next().value!)
  }

  has(id: string): boolean {
    return this.#ids.has(id)
  }
}
