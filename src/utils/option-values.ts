/**
 * Every value a vendor option of literal type `T` may take (`'ask' | 'end'`, `boolean`), as a list
 * the code reads at run time: a value left out fails to compile (`missing: "end"`), and so does one
 * `T` does not have. What lets callTo() refuse a JavaScript caller's wrong value (driver.optionValues),
 * kept in step with the option's type by the compiler, as allKeys keeps the names.
 * @example ranOut: allValues<EightByEightOptions['ranOut']>()(['ask', 'end'])
 */
export const allValues =
  <T>() =>
  <const V extends readonly (NonNullable<T> & (string | boolean))[]>(
    values: V & ([Exclude<NonNullable<T>, V[number]>] extends [never] ? unknown : { missing: Exclude<NonNullable<T>, V[number]> }),
  ): readonly (string | boolean)[] =>
    values

/** A driver's lists of allowed values, by option name: only names its Options type has. */
export type OptionValues<O> = { readonly [K in keyof O & string]?: readonly (string | boolean)[] }
