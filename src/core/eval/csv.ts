/** A CSV cell: text, a number, a boolean or empty (null/undefined). */
export type CsvCell = string | number | boolean | null | undefined;

/** Options of {@link toCsv}. */
export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark so spreadsheet apps read CJK text correctly (default true). */
  bom?: boolean;
  /**
   * Prefix text cells starting with `=`, `+`, `-`, `@`, tab or carriage return with `'` so a
   * spreadsheet does not run model output as a formula (default true). Numbers are untouched.
   */
  protectFormulas?: boolean;
}

/** One cell as RFC 4180 text: quoted (quotes doubled) when it holds a comma, quote or line break. */
export function csvCell(cell: CsvCell, protectFormulas = true): string {
  if (cell === null || cell === undefined) return '';
  let text = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : String(cell);
  if (typeof cell === 'string' && protectFormulas && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text: CRLF line ends (RFC 4180), optional BOM. */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const body = rows.map((row) => row.map((cell) => csvCell(cell, options.protectFormulas ?? true)).join(',')).join('\r\n');
  return `${options.bom === false ? '' : '\uFEFF'}${body}\r\n`;
}
