/**
 * Spreadsheet formula injection: a text cell starting with = + - @ (or a tab or carriage
 * return) is run as a formula by Excel and WPS when a CSV is opened. Text cells that start so
 * get a leading apostrophe, the mark spreadsheets themselves use for "this is text"; numbers
 * are left alone. XLSX cells need none of this: our writer stores text as inline strings,
 * which are never evaluated.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

export const neutraliseFormula = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);

/** The same for a text column in SQL. */
export const neutraliseFormulaSql = (col: string) => `case when regexp_matches(${col}, '^[=+\\-@\\t\\r]') then '''' || ${col} else ${col} end`;
