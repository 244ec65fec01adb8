/**
 * The order timers fire in when real time held the call's clock (production-lead.ts): each keeps
 * the lead it was set at, so one set after a wait on real I/O comes after one set before it that
 * production fires sooner, even when nothing marked it before the look.
 */
import { describe, expect, it } from 'vitest'
import { firstInProductionOrder, ProductionLead, type LeadTimerHeap } from '../../src/clock/production-lead.js'

interface Timer {
  name: string
  callAt: number
}

/** The fake-timers heap's contract, kept as a sorted list (due soonest first). */
function heapOf(timers: Timer[]): LeadTimerHeap<Timer> & { all(): Timer[] } {
  const list = [...timers]
  const sort = () => list.sort((a, b) => a.callAt - b.callAt)
  sort()
  return {
    peek: () => list[0],
    remove: (timer) => list.splice(list.indexOf(timer), 1),
    push: (timer) => {
      list.push(timer)
      sort()
    },
    all: () => [...list],
  }
}

describe('firstInProductionOrder', () => {
  it('a timer set after 1.5 s of real time held comes after a 2 s reminder set before it, though nothing marked it yet', () => {
    const lead = new ProductionLead<Timer>()
    const reminder = { name: 'reminder 2 s', callAt: 2_200 }
    const heap = heapOf([reminder])
    // The query holds the call's time at 0.2 s for 1.5 s of real time: the reminder is marked as it grows.
    lead.mark(heap.all())
    lead.add(1_500)
    // The query's answer: a 1.3 s timer set at 0.2 s, then the app answers (acted), and callspec looks.
    const after = { name: 'after 1.3 s', callAt: 1_500 }
    heap.push(after)
    lead.acted()
    const first = firstInProductionOrder(heap, lead, heap.all)
    expect(first?.name).toBe('reminder 2 s')
    // Moved into the reminder's frame: due when production fires it (0.2 + 1.5 + 1.3 s).
    expect(after.callAt).toBe(3_000)
    // The platform's next event (PLAYED at 1.2 s) waits for the reminder: due before it in production.
    expect(lead.beforePlatform(first!, heap.all(), 1_200)).toBe(true)
  })

  it('with no real time held, the call-clock order stands and no timer moves', () => {
    const lead = new ProductionLead<Timer>()
    const reminder = { name: 'reminder 2 s', callAt: 2_200 }
    const after = { name: 'after 1.3 s', callAt: 1_500 }
    const heap = heapOf([reminder, after])
    expect(firstInProductionOrder(heap, lead, heap.all)?.name).toBe('after 1.3 s')
    expect(after.callAt).toBe(1_500)
  })
})
