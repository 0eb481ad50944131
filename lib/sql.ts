/** SQL quoting: every literal and identifier built from a value goes through these. */

/** A string literal: 'it''s'. */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A quoted identifier: "my ""table""". */
export const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
