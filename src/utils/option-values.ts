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

/** The vendor options of `O` whose value is text (`appId?: string`, `ranOut?: 'ask' | 'end'`); not one that may also be null, true or a list. */
export type TextOptionName<O> = { [K in keyof O]-?: [Exclude<O[K], undefined>] extends [string] ? K : never }[keyof O] & string

/**
 * Every vendor option of `O` whose value is text, as a list the code reads at run time: one left
 * out, or one not text, fails to compile, as allValues keeps its lists in step. What lets
 * `callspec explore --vendor appId=0012345` take the text typed, not the YAML number 12345
 * (driver.textOptions).
 * @example textOptions: textKeys<EnableXOptions>()(['appId', 'appKey', 'menuTerminator'])
 */
export const textKeys =
  <O>() =>
  <const V extends readonly TextOptionName<O>[]>(names: V & ([Exclude<TextOptionName<O>, V[number]>] extends [never] ? unknown : { missing: Exclude<TextOptionName<O>, V[number]> })): readonly string[] =>
    names
