/**
 * Every key of `T`, as a list the code can read at run time: a key left out fails to compile
 * (`missing: "webhookPath"`), and so does one `T` does not have. What checks a JavaScript caller's
 * options against a TypeScript interface, kept in step with it by the compiler.
 * @example const NAMES = allKeys<Limits>()(['responseTimeoutMs', 'appTimeoutMs', …])
 */
export const allKeys =
  <T>() =>
  <const K extends readonly (keyof T & string)[]>(keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> })): readonly (keyof T & string)[] =>
    keys
