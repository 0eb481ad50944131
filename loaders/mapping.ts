/**
 * Mapping files: how an export's columns and values map onto the canonical schema.
 * Presets cover common English and Chinese headers; a mapping file adds aliases, value maps,
 * formats and per-file settings. Validated with zod so a typo is reported, not ignored.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { TABLE_NAMES, columnsOf, type TableName } from "../lib/schema.ts";
import { COLUMN_ALIASES, DEFAULT_DATE_FORMATS, TABLE_HINTS, VALUE_MAPS, normalizeHeader } from "./presets.ts";
import { ENCODINGS } from "./encoding.ts";
import { formatIssues, UserError } from "../lib/errors.ts";

const tableName = z.enum(TABLE_NAMES as [TableName, ...TableName[]]);
const decimal = z.enum(["auto", ".", ","]);

const fileRule = z
  .object({
    match: z.string().min(1).describe("Glob on the file name (or 'file.xlsx#Sheet'); * and ? wildcards."),
    table: tableName.optional(),
    sheet: z.string().optional(),
    encoding: z.enum(ENCODINGS).optional(),
    delimiter: z.string().length(1).optional(),
    header_row: z.int().min(1).optional().describe("1-based row holding the headers; detected when missing."),
    columns: z.record(z.string(), z.string()).optional().describe("canonical column -> header in this file"),
    date_formats: z.array(z.string()).optional(),
    decimal: decimal.optional(),
    ignore: z.array(z.string()).optional(),
    skip: z.boolean().optional().describe("Do not load this file at all."),
  })
  .strict();

export const mappingSchema = z
  .object({
    name: z.string().optional(),
    date_formats: z.array(z.string().min(2)).optional().describe("Tried before the built-in formats."),
    decimal: decimal.optional(),
    max_bad_share: z.number().min(0).max(1).optional(),
    files: z.array(fileRule).optional(),
    aliases: z.partialRecord(tableName, z.record(z.string(), z.array(z.string()))).optional(),
    values: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  })
  .strict();

export type MappingFile = z.infer<typeof mappingSchema>;
export type FileRule = z.infer<typeof fileRule>;

export interface Mapping {
  label: string;
  file: MappingFile;
  aliases: Record<TableName, Record<string, string[]>>;
  values: Record<string, Record<string, string>>;
  dateFormats: string[];
}

export class MappingError extends UserError {}

/** zod issues as "path: message" lines, for people who edit YAML by hand. */

export function loadMapping(path?: string): Mapping {
  let file: MappingFile = {};
  let label = "built-in presets (English and Chinese headers)";
  if (path) {
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(path, "utf8"));
    } catch (e) {
      throw new MappingError(`mapping file ${path} cannot be read: ${(e as Error).message}`);
    }
    const parsed = mappingSchema.safeParse(raw ?? {});
    if (!parsed.success) throw new MappingError(`mapping file ${path} is not valid:\n${formatIssues(parsed.error.issues)}`);
    file = parsed.data;
    for (const [table, cols] of Object.entries(file.aliases ?? {})) {
      const known = new Set(columnsOf(table as TableName).map((c) => c.name));
      for (const col of Object.keys(cols)) if (!known.has(col)) throw new MappingError(`mapping file ${path}: aliases.${table}.${col}: ${table} has no column ${col}; its columns: ${[...known].join(", ")}`);
    }
    for (const [i, rule] of (file.files ?? []).entries()) {
      if (!rule.table || !rule.columns) continue;
      const known = new Set(columnsOf(rule.table).map((c) => c.name));
      for (const col of Object.keys(rule.columns)) if (!known.has(col)) throw new MappingError(`mapping file ${path}: files.${i}.columns.${col}: ${rule.table} has no column ${col}; its columns: ${[...known].join(", ")}`);
    }
    label = `${path} + built-in presets`;
  }
  const aliases = {} as Record<TableName, Record<string, string[]>>;
  for (const t of TABLE_NAMES) {
    aliases[t] = {};
    for (const c of columnsOf(t)) aliases[t][c.name] = [...(file.aliases?.[t]?.[c.name] ?? []), c.name, ...(COLUMN_ALIASES[t][c.name] ?? [])];
  }
  const values: Record<string, Record<string, string>> = {};
  for (const [col, map] of Object.entries(VALUE_MAPS)) values[col] = { ...map };
  for (const [col, map] of Object.entries(file.values ?? {}))
    for (const [k, v] of Object.entries(map)) (values[col] ??= {})[k.trim().toLowerCase()] = v;
  return { label, file, aliases, values, dateFormats: [...(file.date_formats ?? []), ...DEFAULT_DATE_FORMATS] };
}

function globToRegex(glob: string): RegExp {
  const esc = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${esc}$`, "i");
}

export function ruleFor(mapping: Mapping, fileName: string, sheet?: string): FileRule | undefined {
  const names = sheet ? [`${fileName}#${sheet}`, fileName] : [fileName];
  return mapping.file.files?.find((r) => names.some((n) => globToRegex(r.match).test(n)) && (!r.sheet || r.sheet === sheet));
}

export interface ColumnMatch {
  table: TableName;
  /** canonical column -> index of the export column */
  columns: Map<string, number>;
  ignored: string[];
  missingRequired: string[];
  score: number;
}

/**
 * Matches headers to one table's columns: an explicit rule first, then aliases in order.
 * Each header serves one column and each column takes the first header that fits.
 */
export function matchColumns(mapping: Mapping, table: TableName, headers: string[], rule?: FileRule): ColumnMatch {
  const norm = headers.map((h) => normalizeHeader(h));
  const taken = new Set<number>();
  const columns = new Map<string, number>();
  const cols = columnsOf(table);
  const ruleFor = new Map<number, string>();
  for (const [col, header] of Object.entries(rule?.columns ?? {})) {
    const i = norm.indexOf(normalizeHeader(header));
    if (i >= 0) {
      if (ruleFor.has(i))
        throw new MappingError(`the mapping file's rule "${rule!.match}" sends the header "${headers[i]}" to two columns, ${ruleFor.get(i)} and ${col}: a header fills one column; map the other to its own header`);
      ruleFor.set(i, col);
      columns.set(col, i);
      taken.add(i);
    }
  }
  const ignoredByRule = new Set((rule?.ignore ?? []).map(normalizeHeader));
  // Exact canonical names first, then aliases in preference order.
  const maxAliases = Math.max(...cols.map((c) => mapping.aliases[table][c.name]!.length));
  for (let a = 0; a < maxAliases; a++)
    for (const c of cols) {
      if (columns.has(c.name)) continue;
      const alias = mapping.aliases[table][c.name]![a];
      if (alias === undefined) continue;
      const na = normalizeHeader(alias);
      const i = norm.findIndex((h, idx) => h === na && !taken.has(idx) && !ignoredByRule.has(h));
      if (i >= 0) {
        columns.set(c.name, i);
        taken.add(i);
      }
    }
  const ignored = headers.filter((h, i) => !taken.has(i) && h.trim() !== "");
  const missingRequired = cols.filter((c) => c.required && !columns.has(c.name)).map((c) => c.name);
  if (table === "order_lines" && !columns.has("amount") && !columns.has("unit_price")) missingRequired.push("amount or unit_price");
  return { table, columns, ignored, missingRequired, score: columns.size };
}

export function hintedTable(name: string): TableName | undefined {
  const stem = normalizeHeader(basename(name).replace(/\.[^.]+$/, "").replace(/[_\-\s]?\d{4}([_\-]?\d{2})?$/, ""));
  for (const t of TABLE_NAMES) if (TABLE_HINTS[t].some((h) => normalizeHeader(h) === stem)) return t;
  return undefined;
}

/**
 * Decides which table a file or sheet holds: the mapping's rule, then the file or sheet name,
 * then the table whose columns its headers fill best with every required column present.
 */
export function classify(mapping: Mapping, names: string[], headers: string[], rule?: FileRule): ColumnMatch | undefined {
  const forced = rule?.table ?? names.map(hintedTable).find((t) => t !== undefined);
  const hinted = forced ? matchColumns(mapping, forced, headers, rule) : undefined;
  if (hinted && (rule?.table || hinted.missingRequired.length === 0)) return hinted;
  let best: ColumnMatch | undefined;
  let bestScore = -1;
  for (const t of TABLE_NAMES) {
    const m = matchColumns(mapping, t, headers, rule);
    if (m.missingRequired.length > 0) continue;
    // Tables with more required columns met are more specific: prefer them on equal matches.
    const score = m.score * 10 + columnsOf(t).filter((c) => c.required).length;
    if (score > bestScore) [best, bestScore] = [m, score];
  }
  // A name hint yields only to headers that fit another table better (e.g. "sales.csv" of invoices);
  // otherwise the hinted table stands and its missing columns are reported.
  if (hinted && (!best || best.score <= hinted.score)) return hinted;
  return best;
}

/** Header-row detection: the row among the first ones whose cells match the most known aliases. */
export function headerScore(mapping: Mapping, cells: string[]): number {
  const all = allAliases(mapping);
  return cells.filter((c) => c.trim() !== "" && all.has(normalizeHeader(c))).length;
}

const aliasCache = new WeakMap<Mapping, Set<string>>();
function allAliases(mapping: Mapping): Set<string> {
  let s = aliasCache.get(mapping);
  if (!s) {
    s = new Set<string>();
    for (const t of TABLE_NAMES) for (const list of Object.values(mapping.aliases[t])) for (const a of list) s.add(normalizeHeader(a));
    aliasCache.set(mapping, s);
  }
  return s;
}
