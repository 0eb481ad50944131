/**
 * Spreadsheet formula injection: a text cell starting with = + - @ (or a tab or carriage
 * return) is run as a formula by Excel and WPS when a CSV is opened. Text cells that start so
 * get a leading apostrophe, the mark spreadsheets themselves use for "this is text"; numbers
 * are left alone. XLSX cells need none of this: our writer stores text as inline strings,
 * which are never evaluated. lib/sql.ts neutraliseFormulaSql does the same in SQL, for CSV
 * files written by DuckDB (exports, quarantine.csv).
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

export const neutraliseFormula = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);

