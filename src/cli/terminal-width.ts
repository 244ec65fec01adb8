/** Columns assumed where the terminal says none. */
const FALLBACK_COLUMNS = 80

/**
 * The width to fit a line to on the terminal whose `columns` the stream gives: a terminal of size
 * 0x0 (CI's pty, `script`, a container's console) says 0, which is no width, and undefined off a
 * terminal; both are taken as 80. Before, 0 cut the progress line by its last character
 * (`slice(0, -1)`: "[1/2] ✔ 1 ✖ 0  balanc") and never fitted a long one to any width.
 */
export function terminalWidth(columns: number | undefined): number {
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? Math.floor(columns) : FALLBACK_COLUMNS
}
