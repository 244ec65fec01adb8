/** Sums 0..n-1 one setImmediate hop at a time, the usual way to stay responsive: a chain of n immediates. */
export const walk = (n: number) =>
  new Promise<number>((resolve) => {
    let i = 0
    let sum = 0
    const step = () => {
      sum += i++
      if (i < n) setImmediate(step)
      else resolve(sum)
    }
    step()
  })
