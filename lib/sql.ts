/** SQL quoting: every literal and identifier built from a value goes through these. */

/** A string literal: 'it''s'. */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A quoted identifier: "my ""table""". */
export const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * A text column made safe to open in a spreadsheet: text starting with = + - @ (or a tab or a
 * carriage return) gets a leading apostrophe, so Excel and WPS show it instead of running it.
 * The browser's downloads do the same with src/components/formula.ts (a test holds the two together).
 */
export const neutraliseFormulaSql = (col: string) => `case when regexp_matches(${col}, '^[=+\\-@\\t\\r]') then '''' || ${col} else ${col} end`;
