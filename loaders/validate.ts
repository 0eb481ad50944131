/**
 * Turns the zod schema into DuckDB SQL that parses and checks text cells: numbers such as
 * "¥1,234.50", "1 234,50", "12%", "(123.00)", "1.2万"; dates in many formats and Excel serials;
 * booleans; enums through value maps. Each bad cell yields a reason naming what was expected.
 */
import type { ColumnDef } from "../lib/schema.ts";
import { BOOLEAN_WORDS, NULL_WORDS } from "./presets.ts";

import { ident, lit } from "../lib/sql.ts";

export const MACROS = [
  // Blank and null words read as missing in numbers, dates, yes/no and enums.
  // list_contains, not IN: DuckDB plans an IN list of six or more words as a join over every row.
  `create or replace temp macro tb_blank(v) as v is null or list_contains([${NULL_WORDS.map(lit).join(", ")}], lower(trim(v)))`,
  // In text only a blank is missing: "NA" is a region (North America), "NONE" a product code.
  `create or replace temp macro tb_empty(v) as v is null or trim(v) = ''`,
  // Currency marks, units, spaces, apostrophes and a wrapping pair of parentheses are not part of the number.
  `create or replace temp macro tb_num_core(s) as regexp_replace(regexp_replace(s, '^\\((.*)\\)$', '\\1'), '[¥￥$€£\\s''’%万亿元]|RMB|CNY|USD|EUR|HKD', '', 'g')`,
  // Decimal comma when asked, or when the text looks European: "1.234,50" or "1234,5".
  `create or replace temp macro tb_num_norm(c, sep) as case
     when sep = ',' or (sep = 'auto' and (regexp_matches(c, '^[+-]?[0-9.]*,[0-9]{1,2}$') and not regexp_matches(c, '^[+-]?[0-9]{1,3}(,[0-9]{3})+$') or regexp_matches(c, '^[+-]?[0-9]{1,3}(\\.[0-9]{3})+,[0-9]+$')))
       then replace(replace(c, '.', ''), ',', '.')
     else replace(c, ',', '') end`,
  // Plain numbers take the fast path; only decorated ones pay for the regular expressions.
  `create or replace temp macro tb_num(v, sep) as case
     when sep <> ',' and isfinite(try_cast(v as double)) then try_cast(v as double)
     when sep <> ',' and regexp_full_match(v, '-?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?') then cast(replace(v, ',', '') as double)
     when tb_blank(v) then null
     when not regexp_full_match(tb_num_norm(tb_num_core(trim(v)), sep), '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?') then null
     else try_cast(tb_num_norm(tb_num_core(trim(v)), sep) as double)
       * (case when regexp_matches(trim(v), '^\\(.*\\)$') then -1 else 1 end)
       / (case when contains(v, '%') then 100 else 1 end)
       * (case when contains(v, '亿') then 100000000 when contains(v, '万') then 10000 else 1 end)
     end`,
  // Excel serial dates count days from 1899-12-30 (Excel's leap-year bug included).
  `create or replace temp macro tb_serial(v) as case
     when regexp_full_match(trim(v), '[0-9]{5}(\\.[0-9]+)?')
       then timestamp '1899-12-30' + to_microseconds(cast(round(cast(trim(v) as double) * 86400000000) as bigint))
     end`,
];

const WHOLE_MONEY = "decimal(18,4)";

export interface ParseOptions {
  dateFormats: string[];
  /** per column: the one format a sample of its values all parse with, tried before the list */
  preferredFormats?: Record<string, string>;
  /** per column: the formats to use instead of the list (day-first or month-first, decided from the whole column) */
  columnFormats?: Record<string, string[]>;
  decimal: "auto" | "." | ",";
  values: Record<string, Record<string, string>>;
}

/** The macro that says a cell of this column is missing: null words count only where the type is not text. */
const missing = (c: ColumnDef) => (c.kind === "string" ? "tb_empty" : "tb_blank");

/** SQL that parses text expression `v` into the column's type (null when it cannot). */
export function parseExpr(col: ColumnDef, v: string, o: ParseOptions): string {
  switch (col.kind) {
    case "string":
      return `case when tb_empty(${v}) then null else trim(${v}) end`;
    case "number": {
      const n = `tb_num(${v}, ${lit(o.decimal)})`;
      // A probability written 60 means 60%; 0.6 and 60% mean the same.
      const scaled = col.ratio ? `(case when ${n} > 1 and not contains(${v}, '%') then ${n} / 100 else ${n} end)` : n;
      return `try_cast(${scaled} as ${WHOLE_MONEY})`;
    }
    case "integer":
      return `(case when tb_num(${v}, ${lit(o.decimal)}) = floor(tb_num(${v}, ${lit(o.decimal)})) then try_cast(tb_num(${v}, ${lit(o.decimal)}) as bigint) end)`;
    case "date":
    case "timestamp": {
      const fmts = `[${(o.columnFormats?.[col.name] ?? o.dateFormats).map(lit).join(", ")}]`;
      const preferred = o.preferredFormats?.[col.name];
      // One format for most rows is much cheaper than trying the list on every row.
      const ts = `coalesce(${preferred ? `try_strptime(trim(${v}), ${lit(preferred)}), ` : ""}try_strptime(trim(${v}), ${fmts}), tb_serial(${v}))`;
      const inRange = `(case when year(${ts}) between 1900 and 2100 then ${ts} end)`;
      return `(case when tb_blank(${v}) then null else cast(${inRange} as ${col.kind === "date" ? "date" : "timestamp"}) end)`;
    }
    case "boolean":
      return `(case when lower(trim(${v})) in (${BOOLEAN_WORDS.true.map(lit).join(", ")}) then true when lower(trim(${v})) in (${BOOLEAN_WORDS.false.map(lit).join(", ")}) then false end)`;
    case "enum": {
      const map = o.values[col.name] ?? {};
      const pairs = new Map<string, string>(col.values!.map((x) => [x, x]));
      for (const [k, val] of Object.entries(map)) if (col.values!.includes(val)) pairs.set(k.toLowerCase(), val);
      const whens = [...pairs].map(([k, val]) => `when ${lit(k)} then ${lit(val)}`).join(" ");
      return `(case lower(trim(${v})) ${whens} end)`;
    }
  }
}

/** What the column expects, in the words a quarantine reason uses. */
export function expectation(col: ColumnDef, o: ParseOptions): string {
  switch (col.kind) {
    case "string":
      return "text";
    case "number":
      return col.ratio ? "a share such as 0.6, 60% or 60" : "a number such as 1234.50, ¥1,234.50, 12% or (123.00)";
    case "integer":
      return "a whole number";
    case "date":
    case "timestamp":
      return `a date between 1900 and 2100 in one of the formats ${o.dateFormats.slice(0, 6).join(", ")}, … or an Excel serial date`;
    case "boolean":
      return "yes/no, true/false, 1/0 or 是/否";
    case "enum": {
      const extra = Object.keys(o.values[col.name] ?? {}).filter((k) => !col.values!.includes(k));
      return `one of ${col.values!.join(", ")}${extra.length ? ` (or ${extra.slice(0, 8).join(", ")}${extra.length > 8 ? ", …" : ""})` : ""}`;
    }
  }
}

export interface MappedColumn {
  col: ColumnDef;
  /** SQL name of the text column in the stage table */
  source: string;
  header: string;
  required: boolean;
  /** a scale from the header's unit (金额（万元）: 10,000) */
  scale?: number;
}

export interface TypedSql {
  /** typed canonical columns, `__row`, and `__bad` (true when any check fails) */
  sql: string;
  /** `__row` and `e`, one row per failed check, for the rows of `where` (a condition on `__row`) */
  errors(where: string): string;
}

/**
 * `first and then`, with `then` worked out only for the rows where `first` holds. In a projection
 * DuckDB evaluates every operand of AND and OR on every row; a CASE evaluates its THEN only for
 * the rows its WHEN selects. The checks are one boolean per row over the whole export (10M rows:
 * the text checks on every row were half of the typing).
 */
const only = (first: string, then: string) => `(case when ${first} then ${then} else false end)`;

/**
 * SQL typing a stage table whose text columns are named in `mapped`; unmapped canonical columns
 * come out null. The checks are evaluated once, as one boolean per row; the reasons are worked
 * out again only for the bad rows, because building them for every row costs more than parsing.
 */
export function typedSelect(
  stage: string, all: ColumnDef[], mapped: MappedColumn[], o: ParseOptions,
  rowChecks: { column: string; cond: string; reason: string }[] = [],
): TypedSql {
  const byName = new Map(mapped.map((m) => [m.col.name, m]));
  const parsed = all.map((c) => {
    const m = byName.get(c.name);
    const type = c.kind === "string" || c.kind === "enum" ? "varchar" : c.kind === "integer" ? "bigint" : c.kind === "number" ? WHOLE_MONEY : c.kind;
    const value = m ? parseExpr(c, m.source, o) : `cast(null as ${type})`;
    return `${m?.scale ? `try_cast(${value} * ${m.scale} as ${type})` : value} as ${ident(c.name)}`;
  });
  const checks: { cond: string; struct: string }[] = [];
  for (const m of mapped) {
    const c = m.col;
    const check = (cond: string, reason: string) =>
      checks.push({ cond, struct: `{'column': ${lit(c.name)}, 'header': ${lit(m.header)}, 'value': ${m.source}, 'reason': ${lit(reason)}}` });
    const value = `p.${ident(c.name)}`;
    // A missing text parses to null, and so does a blank or null word in a number or a date (not
    // in yes/no or a list of values, which a mapping file may give a meaning): only the rows that
    // parsed to null are looked at again.
    if (m.required)
      check(c.kind === "string" ? `${value} is null` : c.kind === "enum" || c.kind === "boolean" ? `${missing(c)}(${m.source})` : only(`${value} is null`, `tb_blank(${m.source})`),
        `required value is missing (expected ${expectation(c, o)})`);
    if (c.kind !== "string") check(only(`${value} is null`, `not tb_blank(${m.source})`), `expected ${expectation(c, o)}`);
    // A day's grace for exports written in a time zone ahead of ours.
    if (c.past) check(`${value} > current_date + interval 1 day`, `a date in the future (after ${new Date().toISOString().slice(0, 10)}): ${c.name} must be a date that has passed`);
    if (c.kind === "string" && c.key) check(`length(${m.source}) > 200`, "an id longer than 200 characters");
    // Excel keeps 15 digits of a number: a long code typed into a number cell comes out rounded,
    // in scientific notation. It cannot be put right here, only exported again as text.
    if (c.id) check(only(`contains(${m.source}, 'e') or contains(${m.source}, 'E')`, `regexp_full_match(trim(${m.source}), '[0-9](\\.[0-9]+)?[eE]\\+?[0-9]+')`), "an id in scientific notation: the spreadsheet stored the code as a number and may have rounded it, format the column as text and export again");
  }
  for (const r of rowChecks) {
    const m = byName.get(r.column);
    // The condition names typed columns; unmapped ones are null in p.
    // When the column holds something unreadable, its own check already says so.
    const typed = `(${r.cond.replace(/\b([a-z_]+)\b/g, (w) => (all.some((c) => c.name === w) ? `p.${ident(w)}` : w))})`;
    const cond = m ? only(typed, `${missing(m.col)}(${m.source})`) : typed;
    checks.push({ cond, struct: `{'column': ${lit(r.column)}, 'header': ${m ? lit(m.header) : "cast(null as varchar)"}, 'value': ${m ? m.source : "cast(null as varchar)"}, 'reason': ${lit(r.reason)}}` });
  }
  const inner = `select __row, ${mapped.map((m) => `${m.source}, `).join("")}${parsed.join(", ")} from ${stage}`;
  const sources = mapped.map((m) => m.source);
  const bad = checks.length ? checks.map((c) => c.cond).join(" or ") : "false";
  return {
    sql: `select p.* ${sources.length ? `exclude (${sources.join(", ")})` : ""}, coalesce(${bad}, false) as __bad from (${inner}) p`,
    errors: (where) =>
      `select __row, unnest(list_filter([${checks.map((c) => `case when ${c.cond} then ${c.struct} end`).join(", ")}], x -> x is not null)) as e
       from (${inner} where ${where}) p`,
  };
}
