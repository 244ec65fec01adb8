/**
 * What Node does with an unhandled rejection in this process (`--unhandled-rejections`, from the
 * command line, else NODE_OPTIONS; 'throw' by default). Read once: it cannot change while running.
 * Under 'throw' and 'strict' the rejection is raised as an uncaught exception, which in production
 * ends the app; under 'warn', 'warn-with-error-code' and 'none' the app lives on.
 */
export const unhandledRejectionsMode: string = readMode()

function readMode(): string {
  const flag = /^--unhandled-rejections=(\S+)$/
  const last = (args: readonly string[]) => args.map((arg) => flag.exec(arg)?.[1]).filter(Boolean).at(-1)
  return last(process.execArgv) ?? last(process.env.NODE_OPTIONS?.split(/\s+/) ?? []) ?? 'throw'
}
