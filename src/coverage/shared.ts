/** Set by the coverage reporter in the main process; test workers inherit it. */
export const COVERAGE_DIR_ENV = 'CALLSPEC_COVERAGE_DIR'
