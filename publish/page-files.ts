/**
 * The publish step: writes the page models into the files the site loads. What goes where is
 * the exposures' `meta.files` in models/pages/_exposures.yml (read from target/manifest.json);
 * this module only selects whole page models and moves their rows: no business rule lives here.
 * It also enforces tierboard.yml's published customer columns on every column whose YAML meta
 * names a customer_field, whatever the model did.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { loadConfig, targetDir } from "../lib/config.ts";
import { all, collectGarbage, hasTable, inRowidSlices, isBaseTable, memoryLimit, openDb, sizeInBytes, type Row } from "../lib/duckdb.ts";
import { UserError } from "../lib/errors.ts";
import { ident, lit } from "../lib/sql.ts";
import { unzip, zip } from "../lib/zip.ts";

const modelName = z.string().regex(/^page_[a-z0-9_]+$/, "a page model (page_...)");
const entry = z.union([
  modelName,
  z.object({ rows: modelName, limit: z.number().int().positive().optional() }).strict(),
  z.object({ row: modelName, columns: z.array(z.string()).optional() }).strict(),
  z.object({ count: modelName }).strict(),
  z.object({ manifest: z.literal(true) }).strict(),
  z.object({ run_results: z.enum(["models", "tests"]) }).strict(),
]);
type Entry = z.infer<typeof entry>;
const entries = z.record(z.string(), entry);
const member = z.union([
  z.object({ name: z.string(), entries }).strict(),
  z.object({ name: z.string(), rows: modelName, partition_by: z.array(z.string()).optional(), columnar: z.boolean().optional() }).strict(),
  z.object({ name: z.string(), row: modelName, columns: z.array(z.string()).optional() }).strict(),
]);
const fileSpec = z.union([
  z.object({ name: z.string().regex(/\.json$/), entries }).strict(),
  z.object({ name: z.string().regex(/\.zip$/), entries, split_dimension: z.string() }).strict(),
  z.object({ name: z.string().regex(/\.zip$/), members: z.array(member).min(1) }).strict(),
  z.object({ name: z.string(), lines: modelName, partition_by: z.array(z.string()).length(1), column: z.string() }).strict(),
]);
export type FileSpec = z.infer<typeof fileSpec>;
const exposureMeta = z.object({ page: z.string().optional(), files: z.array(fileSpec).default([]) }).passthrough();

interface ManifestNode {
  name: string;
  kind: string;
  columns: { name: string; meta?: Record<string, unknown> }[];
}
export interface Manifest {
  vars: Record<string, unknown>;
  nodes: ManifestNode[];
  exposures: { name: string; path: string; refs: string[]; meta: unknown }[];
  [k: string]: unknown;
}

/** target/manifest.json from the last model run. */
export function readManifest(): Manifest {
  const path = resolve(targetDir(), "manifest.json");
  if (!existsSync(path)) throw new UserError(`no ${path}: run 'npx tierboard run' (or build) first`);
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Every file the pages load, from the exposures' meta, by name. */
export function pageFileSpecs(manifest = readManifest()): Map<string, FileSpec> {
  const specs = new Map<string, FileSpec>();
  for (const e of manifest.exposures ?? []) {
    const parsed = exposureMeta.safeParse(e.meta ?? {});
    if (!parsed.success) throw new UserError(`${e.path}: exposure ${e.name}: meta is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    for (const f of parsed.data.files) {
      if (specs.has(f.name)) throw new UserError(`${e.path}: the file ${f.name} is written by two exposures`);
      specs.set(f.name, f);
    }
  }
  return specs;
}

/**
 * A column as every page file holds it, in SQL: fractions rounded to 6 places (halves away from
 * zero, as DuckDB's round; not a number or infinite as null, -0 as 0) and dates and times as ISO
 * days, so the JSON stays small; other values as DuckDB gives them. One definition for the rows
 * JavaScript reads and the JSON DuckDB writes itself (PageReader.memberFiles).
 */
export function publishedColumn(name: string, type: string): string {
  const c = ident(name);
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) {
    const d = `${c}::double`;
    return `case when isfinite(${d}) then (case when ${d} = trunc(${d}) then ${d} else round(${d}, 6) end) + 0.0::double end as ${c}`;
  }
  if (type === "DATE" || type.startsWith("TIMESTAMP")) return `strftime(${type.endsWith("WITH TIME ZONE") ? `timezone('UTC', ${c})` : c}, '%Y-%m-%d') as ${c}`;
  return c;
}

/**
 * Reads page models for one build, their unpublished customer columns blanked: made into page
 * files' JSON by DuckDB, or into JavaScript (each model once) for the few files JavaScript shapes
 * (splitDimension, a single row, the runner's results).
 */
export class PageReader {
  private cache = new Map<string, Promise<Row[]>>();
  private readonly publishedFields: Set<string>;
  constructor(private conn: DuckDBConnection, private manifest: Manifest) {
    this.publishedFields = new Set(loadConfig().publish.customer_fields);
  }

  /** The SELECT list of a page model: a column whose meta names an unpublished customer field comes out null. */
  selectList(model: string): string {
    const node = this.manifest.nodes.find((n) => n.name === model && n.kind === "model");
    if (!node) throw new UserError(`no page model ${model} in the last run: run 'npx tierboard run'`);
    const hidden = node.columns.filter((c) => typeof c.meta?.customer_field === "string" && !this.publishedFields.has(c.meta.customer_field as string));
    return hidden.length ? `* replace (${hidden.map((c) => `null as ${ident(c.name)}`).join(", ")})` : "*";
  }

  /** A page model's rows as the pages may see them (selectList), with `tail` (a filter, a limit) after. */
  modelRows(model: string, tail = ""): string {
    return `select ${this.selectList(model)} from ${ident(model)}${tail ? ` ${tail}` : ""}`;
  }

  rows(model: string): Promise<Row[]> {
    let p = this.cache.get(model);
    if (!p) {
      p = this.read(model);
      this.cache.set(model, p);
    }
    return p;
  }

  /**
   * A model's rows as files, their JSON made by DuckDB: one per value of the `by` columns, named by
   * them and without them, in the order the values first come (one file without `by`). Each holds
   * its rows, or {column: [values]} when columnar (a third of the size for long tables; `{}` without
   * rows). page_growth at 10M lines (1.1M rows, 24 files of 129 MB) took 2.1 s this way against
   * 4.3 s read into JavaScript and written by JSON.stringify.
   */
  async memberFiles(model: string, name: string, by: string[], columnar: boolean): Promise<{ name: string; data: Buffer }[]> {
    return (await this.jsonParts(model, by, columnar)).map((p) => ({ name: by.reduce((n, b, i) => n.replace(`{${b}}`, p.keys[i]!), name), data: Buffer.from(p.data) }));
  }

  /**
   * A page model's rows (the first `limit` of them) as the JSON array JSON.stringify makes of
   * rows(), made by DuckDB as memberFiles makes a member. page_customers at 10M lines (100,000 rows,
   * 43 MB) read into JavaScript for customers.json took 1.7 s.
   */
  async rowsJson(model: string, limit?: number): Promise<string> {
    const [part] = await this.jsonParts(model, [], false, limit);
    return part!.data;
  }

  /** memberFiles' parts: each value of the `by` columns (as text, 'null' for a null) and its rows' JSON. */
  private async jsonParts(model: string, by: string[], columnar: boolean, limit?: number): Promise<{ keys: string[]; data: string }[]> {
    const published = await this.publishedRows(this.modelRows(model, limit ? `limit ${limit}` : ""));
    const kept = published.names.filter((n) => !by.includes(n));
    const keys = by.map((b, i) => `coalesce(${ident(b)}::varchar, 'null') as k${i}`);
    // One ordered list of the rows, made into a list per column after: one sort, not one per column.
    const list = `list({${kept.map((k) => `${lit(k)}: ${ident(k)}`).join(", ")}} order by row_index)`;
    const data = columnar ? `{${kept.map((k) => `${lit(k)}: list_transform(rows, r -> r.${ident(k)})`).join(", ")}}` : "rows";
    const parts = await all<Record<string, string>>(this.conn, `
      with published as (select row_number() over () as row_index, * from (${published.sql})),
      parts as (select ${[...keys, "min(row_index) as first", "count(*) as n", `${list} as rows`].join(", ")} from published ${by.length ? "group by all" : ""})
      select ${by.map((_, i) => `k${i}, `).join("")}case when n = 0 then ${lit(columnar ? "{}" : "[]")} else to_json(${data})::varchar end as data
      from parts order by first`);
    return parts.map((p) => ({ keys: by.map((_, i) => p[`k${i}`]!), data: p.data! }));
  }

  /** How many rows a page model has. */
  async count(model: string): Promise<number> {
    const [row] = await all<{ n: number | bigint }>(this.conn, `select count(*) as n from ${ident(model)}`);
    return Number(row!.n);
  }

  private async read(model: string): Promise<Row[]> {
    return all(this.conn, (await this.publishedRows(this.modelRows(model))).sql);
  }

  /** A query's rows as page files hold them (publishedColumn), and its columns' names. */
  private async publishedRows(rows: string): Promise<{ sql: string; names: string[] }> {
    const columns = await all<{ column_name: string; column_type: string }>(this.conn, `describe ${rows}`);
    return {
      sql: `select ${columns.map((c) => publishedColumn(c.column_name, c.column_type)).join(", ")} from (${rows})`,
      names: columns.map((c) => c.column_name),
    };
  }

  async runResults(which: "models" | "tests"): Promise<Row[]> {
    const table = which === "models" ? "tierboard_run_results" : "tierboard_test_results";
    // The hash the runner keeps of each test's SQL is its own bookkeeping, not something a page shows.
    const cols = await all(this.conn, `select column_name from information_schema.columns where table_name = ${lit(table)} and column_name <> 'sql_hash' order by ordinal_position`);
    if (!cols.length) return []; // no run yet
    return all(this.conn, (await this.publishedRows(`select ${cols.map((c) => ident(String(c.column_name))).join(", ")} from ${ident(table)}`)).sql);
  }

  async entry(e: Entry): Promise<unknown> {
    if (typeof e === "string") return this.rows(e);
    if ("rows" in e) return e.limit ? (await this.rows(e.rows)).slice(0, e.limit) : this.rows(e.rows);
    if ("row" in e) {
      const row = (await this.rows(e.row))[0];
      return row && e.columns ? Object.fromEntries(e.columns.map((c) => [c, row[c]])) : row;
    }
    if ("count" in e) return this.count(e.count);
    if ("manifest" in e) return this.manifest;
    return this.runResults(e.run_results);
  }

  async object(spec: Record<string, Entry>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(spec)) out[k] = await this.entry(e);
    return out;
  }

  /** JSON.stringify(await this.object(spec)), its rows made as JSON by DuckDB (rowsJson). */
  async objectJson(spec: Record<string, Entry>): Promise<string> {
    const fields: string[] = [];
    for (const [k, e] of Object.entries(spec)) {
      const json = typeof e === "string" ? await this.rowsJson(e) : "rows" in e ? await this.rowsJson(e.rows, e.limit) : JSON.stringify(await this.entry(e));
      // As JSON.stringify leaves out a field whose value is undefined (a row of a model without rows).
      if (json !== undefined) fields.push(`${JSON.stringify(k)}:${json}`);
    }
    return `{${fields.join(",")}}`;
  }
}

/**
 * Splits a page's data into what the first screen needs and the rows of one segment dimension
 * (salespeople), which grow with the sales force and load only when one is chosen.
 */
export function splitDimension(data: Record<string, unknown>, dimension: string): { main: Record<string, unknown>; split: Record<string, unknown[]> } {
  const main: Record<string, unknown> = {};
  const split: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(data)) {
    // The segment list itself stays whole: the filter offers every member.
    if (k !== "segments" && Array.isArray(v) && v.some((r) => r && typeof r === "object" && "dimension" in r)) {
      main[k] = v.filter((r) => (r as { dimension: string }).dimension !== dimension);
      split[k] = v.filter((r) => (r as { dimension: string }).dimension === dimension);
    } else main[k] = v;
  }
  return { main, split };
}

const bytes = (v: unknown) => Buffer.from(JSON.stringify(v));

// A page zip only carries its members to Framework, which copies each into the site on its own,
// and to the page-data cache: the fastest deflate (growth.zip at 10M lines: 3.5x faster than
// level 6, 9% larger).
const PAGE_ZIP_LEVEL = 1;

/** Makes one page file (a .json or a .zip) from its spec. */
export async function makePageFile(spec: FileSpec, reader: PageReader): Promise<Uint8Array | string> {
  if ("lines" in spec) throw new Error(`internal: ${spec.name} is written by writeLineFiles`);
  if ("split_dimension" in spec) {
    const { main, split } = splitDimension(await reader.object(spec.entries), spec.split_dimension);
    return zip([
      { name: "main.json", data: bytes(main) },
      { name: `${spec.split_dimension === "salesperson" ? "salespeople" : spec.split_dimension}.json`, data: bytes(split) },
    ], PAGE_ZIP_LEVEL);
  }
  if ("entries" in spec) return reader.objectJson(spec.entries);
  const parts: { name: string; data: Buffer }[] = [];
  for (const m of spec.members) {
    if ("entries" in m) parts.push({ name: m.name, data: Buffer.from(await reader.objectJson(m.entries)) });
    else if ("row" in m) parts.push({ name: m.name, data: bytes(await reader.entry({ row: m.row, columns: m.columns })) });
    else parts.push(...(await reader.memberFiles(m.rows, m.name, m.partition_by ?? [], m.columnar ?? false)));
  }
  return zip(parts, PAGE_ZIP_LEVEL);
}

type LinesSpec = Extract<FileSpec, { lines: string }>;

/**
 * A lines spec's name, `<folder>/{<column>}.<ext>`, in its parts: one file per value, side by side
 * in one folder. (A folder per value, as DuckDB's partitioned COPY names them, took 6.6 s of
 * creating folders for 100,000 customers.)
 */
function linesLayout(spec: LinesSpec) {
  const column = spec.partition_by[0]!;
  const m = new RegExp(`^(.*)/\\{${column}\\}\\.(\\w+)$`).exec(spec.name);
  if (!m) throw new UserError(`${spec.name}: a lines file is named <folder>/{${column}}.<ext>`);
  const [, folder, ext] = m;
  return { column, folder: folder!, ext: ext! };
}

/**
 * The rows of a lines spec, as (partition value `k`, line), published columns only; each line as
 * the bytes it takes in its file, UTF-8 and newline (a Buffer). Made into a JavaScript string and
 * back, 100,000 customers' documents cost more in decoding, encoding and collecting strings than
 * in writing the files.
 */
function linesQuery(spec: LinesSpec, reader: PageReader, opts: { where?: string; rows?: string } = {}) {
  const { column } = linesLayout(spec);
  // encode(), not a cast to BLOB: a cast reads `\x..` in the text as an escaped byte.
  return `select ${ident(column)} as k, encode(${ident(spec.column)}::varchar || chr(10)) as line
    from ${linesSource(spec, reader, opts.rows)} ${opts.where ?? ""}`;
}

/** A lines spec's model with its published columns only (`rows`, a rowid range, narrows a table's scan). */
const linesSource = (spec: LinesSpec, reader: PageReader, rows = "") => `(${reader.modelRows(spec.lines, rows)})`;

/**
 * The rows of a view's lines spec as linesQuery gives them, written by DuckDB into one text file (a
 * row a line: the key, a tab, the text) and read back as it is written, the file removed after.
 * Streamed to JavaScript as a query's result, the 100,000 customer documents at 10M lines (1.2 GB)
 * took 1.7-2.5 GB of RSS, whatever JavaScript did with the result's chunks (converted, dropped,
 * collected every few); written out by COPY, 1.22 GB, and the customer files 1.35-1.42 GB against
 * 1.72-2.31 GB, byte for byte the same. A key or text holding a line break (or a key a tab, or no
 * text) cannot be written so: the COPY stops on it and names the key.
 */
async function* linesThroughFile(conn: DuckDBConnection, spec: LinesSpec, reader: PageReader, file: string): AsyncGenerator<[string, Buffer][]> {
  const { column } = linesLayout(spec);
  const rows = `select ${ident(column)}::varchar as k, ${ident(spec.column)}::varchar as text from ${linesSource(spec, reader)}`;
  const cannot = "cannot be written as one line of a file";
  const line = `case when k is null or text is null or contains(k, chr(9)) or contains(k, chr(10)) or contains(text, chr(10))
    then error(${lit(`${spec.lines}: the row whose ${column} is `)} || coalesce(chr(39) || k || chr(39), 'null') || ${lit(` (its ${spec.column} null or holding a line break, or its ${column} null or holding a tab or line break) ${cannot}`)})
    else k || chr(9) || text end`;
  rmSync(file, { force: true });
  // No quote and no escape: each row is written as its bytes, then a newline.
  const copy = all<{ Count: number | bigint }>(conn, `copy (select ${line} from (${rows})) to ${lit(file)} (format csv, header false, quote '', escape '')`).catch((e: Error) => {
    const m = new RegExp(`${spec.lines}: .* ${cannot}`).exec(e.message);
    throw m ? new UserError(m[0]) : e;
  });
  let done = false;
  const settled = copy.then(() => (done = true), () => (done = true));
  const pause = () => new Promise((r) => setTimeout(r, 20));
  let fd: number | undefined;
  try {
    // The file is read as DuckDB writes it, which it does in order: the files of the rows read are
    // written while DuckDB makes the next (the two took 13.5 s and 22.8 s one after the other).
    while (!done && !existsSync(file)) await pause();
    if (existsSync(file)) fd = openSync(file, "r");
    let rest = Buffer.alloc(0);
    let read = 0;
    for (let last = false; fd !== undefined; ) {
      const chunk = Buffer.allocUnsafe(16 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) {
        if (last) break;
        // Once DuckDB has finished, what it wrote is read to the end.
        if (done) last = true;
        else await pause();
        continue;
      }
      // A line cut by the read continues in the next chunk: its start is carried over.
      const data = rest.length ? Buffer.concat([rest, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      const batch: [string, Buffer][] = [];
      let start = 0;
      for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
        const tab = data.indexOf(9, start);
        if (tab === -1 || tab > end) throw new Error(`internal: a line of ${file} has no key`);
        batch.push([data.toString("utf8", start, tab), data.subarray(tab + 1, end + 1)]);
        start = end + 1;
      }
      rest = data.subarray(start);
      read += batch.length;
      if (batch.length) yield batch;
    }
    const [{ Count: written }] = await copy;
    if (rest.length || read !== Number(written)) throw new Error(`internal: ${file} held ${read} whole line(s) where DuckDB wrote ${written}`);
  } finally {
    // A caller that stops early (a file it could not write) waits for DuckDB to stop first.
    if (!done) conn.interrupt();
    await settled;
    if (fd !== undefined) closeSync(fd);
    rmSync(file, { force: true });
  }
}

/** The `lines` spec of the exposures (the customer detail files), if any. */
export const linesSpec = (manifest: Manifest) => [...pageFileSpecs(manifest).values()].find((s): s is LinesSpec => "lines" in s);

/**
 * DuckDB's memory limit while the line files are read (see writeLineFiles), or the warehouse's if
 * lower: a table's rows are only read; a view's are made as they are read. page_customer_details
 * joins each customer's parts, its hash table holding the latest orders (670 MB at 10M lines): under
 * 1 GB it fits; under 512 MB it spilled (the customer files 54-57 s against 19-47 s); under 256 MB
 * it ran out of memory.
 */
const READ_LIMIT = { table: "256MB", view: "1GB" };

/** Beside a site's line files: what they were made from (see writeLineFiles). */
export const SOURCE_FILE = ".tierboard-source";

// How rows become a file's bytes: a change to this module (or to the zip and DuckDB value code) makes every published file again.
const MAKER = (() => {
  const self = fileURLToPath(import.meta.url);
  const h = createHash("sha256");
  for (const f of [self, resolve(dirname(self), "../lib", `zip${extname(self)}`), resolve(dirname(self), "../lib", `duckdb${extname(self)}`)]) h.update(readFileSync(f)).update("\0");
  return h.digest("hex");
})();

/** Each model's state as the runner recorded it (runner/run.ts: its SQL and every load it read, under the warehouse's ingest id). */
async function modelStates(conn: DuckDBConnection): Promise<Map<string, string>> {
  if (!(await hasTable(conn, "tierboard_model_state"))) return new Map();
  return new Map((await all<{ model: string; fingerprint: string }>(conn, "select model, fingerprint from tierboard_model_state")).map((r) => [r.model, r.fingerprint]));
}

/**
 * What a published file is made from: how this module writes it, what it asks for (`what`) and the
 * state of every model it reads. The same key, the same bytes. Undefined when a model has no state.
 */
function madeFrom(what: string, models: string[], states: Map<string, string>): string | undefined {
  if (models.some((m) => !states.has(m))) return undefined;
  const h = createHash("sha256").update(MAKER).update(what);
  for (const m of [...models].sort()) h.update(`\0${m}\0${states.get(m)}`);
  return h.digest("hex");
}

/**
 * Writes a `lines` file spec under `outDir`: one file per value of its partition column, holding
 * that column's rows one per line, in the order of their bytes (the customer detail files). A file whose
 * bytes are those of the same file in `previous` (the last site) is linked to it rather than
 * written again, so it keeps its date and a deploy that copies changed files copies only the
 * customers that changed.
 * Returns how many files were written and how many kept.
 */
export async function writeLineFiles(outDir: string, warehouse: string, spec: LinesSpec, previous?: string): Promise<{ written: number; kept: number }> {
  const { folder, ext } = linesLayout(spec);
  // Under _file/ as Framework serves data files, so the same URL works in `npm run dev` (src/data/customers).
  const dest = resolve(outDir, "_file", "data", folder);
  const before = previous ? resolve(previous, "_file", "data", folder) : undefined;
  mkdirSync(dest, { recursive: true });
  const counts = { written: 0, kept: 0 };
  const db = await openDb(warehouse, { readOnly: true });
  try {
    const reader = new PageReader(db.conn, readManifest());
    const query = linesQuery(spec, reader);
    // What the files are made from as the last site's: every file is as it was, and is linked
    // without being made again (at 100,000 customers, minutes saved).
    const source = madeFrom(query, [spec.lines], await modelStates(db.conn)) ?? "";
    const sourceFile = (root: string) => join(root, SOURCE_FILE);
    if (source && before && existsSync(sourceFile(before)) && readFileSync(sourceFile(before), "utf8") === source) {
      for (const f of readdirSync(before)) {
        if (!f.endsWith(`.${ext}`)) continue;
        linkSync(join(before, f), join(dest, f));
        counts.kept++;
      }
      writeFileSync(sourceFile(dest), source);
      return counts;
    }
    // Each document is read once: DuckDB's cache of what it read (up to its whole limit, 2 GB at
    // 10M lines) serves nothing here, so the read runs under a small limit.
    const table = await isBaseTable(db.conn, spec.lines);
    const readLimit = READ_LIMIT[table ? "table" : "view"];
    if ((sizeInBytes(memoryLimit()) ?? 0) > sizeInBytes(readLimit)!) await db.conn.run(`set memory_limit = ${lit(readLimit)}`);
    const write = (key: string, body: Buffer) => {
      const name = `${key}.${ext}`;
      const old = before ? join(before, name) : undefined;
      if (old && existsSync(old) && statSync(old).size === body.length && readFileSync(old).equals(body)) {
        linkSync(old, join(dest, name));
        counts.kept++;
      } else {
        writeFileSync(join(dest, name), body);
        counts.written++;
      }
    };
    // Nearly every file holds one row (a customer): those are written as their rows come, in the
    // order the model's rows are stored. The few that several rows share (keys that collide) are
    // made at the end, their lines in the order of their bytes, so that a file does not depend on
    // the order DuckDB stored or returns rows in. Storing the model by file instead (an ORDER BY
    // over 100,000 documents, 1.2 GB at 10M lines) took 9 s of its 31 s.
    const sharedKeys = `select k from (${query}) group by k having count(*) > 1`;
    const shared = new Set((await all<{ k: string }>(db.conn, sharedKeys)).map((r) => r.k));
    const stream = async function* (sql: string) {
      yield* (await db.conn.stream(sql)).yieldRowsJs();
    };
    const rows = table
      ? inRowidSlices(db.conn, spec.lines, (slice) => linesQuery(spec, reader, { rows: slice }))
      : linesThroughFile(db.conn, spec, reader, join(outDir, ".tierboard-lines"));
    for await (const batch of rows) for (const [k, line] of batch as [string, Buffer][]) if (!shared.has(k)) write(k, line);
    if (shared.size) {
      let key: string | undefined;
      let lines: Buffer[] = [];
      const flush = () => key !== undefined && write(key, Buffer.concat(lines));
      for await (const batch of stream(`select k, line from (${query}) where k in (${sharedKeys}) order by k, line`))
        for (const [k, line] of batch as [string, Buffer][]) {
          if (k !== key) {
            flush();
            key = k;
            lines = [];
          }
          lines.push(line);
        }
      flush();
    }
    if (source) writeFileSync(sourceFile(dest), source);
  } finally {
    db.close();
  }
  return counts;
}

/** One file of a lines spec: the lines whose partition value is `key` (a dev server's data loader). */
export async function lineFile(warehouse: string, key: string): Promise<string> {
  const manifest = readManifest();
  const spec = linesSpec(manifest);
  if (!spec) return "";
  const db = await openDb(warehouse, { readOnly: true });
  try {
    const reader = new PageReader(db.conn, manifest);
    let where = `where ${ident(spec.partition_by[0]!)} = ${lit(key)}`;
    // A view (page_customer_details joins each customer's parts) filtered on a computed key joins
    // every customer's parts to find one (8 s at 10M lines, against 0.4 s from a table). The key's
    // rows are found first without their line, then read again by their other text columns too,
    // which DuckDB passes through the join to each part's scan (0.5 s).
    if (!(await isBaseTable(db.conn, spec.lines))) {
      const rows = await all(db.conn, `select * exclude (${ident(spec.column)}) from ${linesSource(spec, reader)} ${where}`);
      if (!rows.length) return "";
      const same = (row: Row) => Object.entries(row).flatMap(([c, v]) => (typeof v === "string" ? [`${ident(c)} = ${lit(v)}`] : []));
      where += ` and (${rows.map((r) => `(${["true", ...same(r)].join(" and ")})`).join(" or ")})`;
    }
    // In the order of their bytes, as writeLineFiles writes a file several rows share.
    const lines = await db.conn.runAndReadAll(`${linesQuery(spec, reader, { where })} order by line`);
    return Buffer.concat(lines.getRowsJS().map(([, line]) => line as Buffer)).toString("utf8");
  } finally {
    db.close();
  }
}

/** The page models a file reads, or undefined when it also reads the runner's results (new on every run). */
function modelsRead(spec: Exclude<FileSpec, LinesSpec>): { models: string[]; manifest: boolean } | undefined {
  const list = "entries" in spec ? Object.values(spec.entries) : spec.members.flatMap((m) => ("entries" in m ? Object.values(m.entries) : [m]));
  const models = new Set<string>();
  let manifest = false;
  for (const e of list) {
    if (typeof e === "string") models.add(e);
    else if ("run_results" in e) return undefined;
    else if ("manifest" in e) manifest = true;
    else models.add("rows" in e ? e.rows : "row" in e ? e.row : e.count);
  }
  return { models: [...models].sort(), manifest };
}

/** Where the last build's page files are kept, each under what it was made from (makeSiteData). */
export const pageDataCache = () => resolve(targetDir(), "page-data");
const CACHE_INDEX = "index.json";

/**
 * Every page file of the site (the .json and .zip under src/data), made from one warehouse.
 * With a `cache` folder, a file is taken from the last build's when what it was made from is the
 * same: its spec, the published customer columns, and the state of every page model it reads
 * (runner/run.ts fingerprints a model's SQL and all it reads, under the warehouse's ingest id).
 * Reading the page models back is most of a build that changed little (a minute at 10M lines).
 * Returns the files and the names of those kept.
 */
export async function makeSiteData(warehouse: string, cache?: { dir: string; read: boolean }): Promise<{ files: Map<string, Uint8Array | string>; kept: string[] }> {
  const manifest = readManifest();
  const db = await openDb(warehouse, { readOnly: true });
  try {
    const reader = new PageReader(db.conn, manifest);
    const states = await modelStates(db.conn);
    const keyOf = (spec: Exclude<FileSpec, LinesSpec>): string | undefined => {
      const read = modelsRead(spec);
      if (!read) return undefined;
      const what = [JSON.stringify(spec), ...read.models.map((m) => reader.selectList(m)), read.manifest ? JSON.stringify(manifest) : ""];
      return madeFrom(what.join("\0"), read.models, states);
    };
    const index = cache && join(cache.dir, CACHE_INDEX);
    const before: Record<string, string> = index && cache.read && existsSync(index) ? JSON.parse(readFileSync(index, "utf8")) : {};
    const files = new Map<string, Uint8Array | string>();
    const keys: Record<string, string> = {};
    const kept: string[] = [];
    for (const [name, spec] of pageFileSpecs(manifest)) {
      if ("lines" in spec) continue;
      const key = keyOf(spec);
      const stored = key && before[name] === key ? join(cache!.dir, key) : undefined;
      if (stored && existsSync(stored)) {
        files.set(name, readFileSync(stored));
        kept.push(name);
      } else files.set(name, await makePageFile(spec, reader));
      if (key) keys[name] = key;
    }
    if (cache && index) {
      // Each file under its key, written whole before the index names it: a killed build leaves no half file named.
      mkdirSync(cache.dir, { recursive: true });
      for (const [name, key] of Object.entries(keys)) {
        const file = join(cache.dir, key);
        if (existsSync(file)) continue;
        writeFileSync(`${file}.tmp`, files.get(name)!);
        renameSync(`${file}.tmp`, file);
      }
      writeFileSync(`${index}.tmp`, JSON.stringify(keys, null, 1));
      renameSync(`${index}.tmp`, index);
      const used = new Set(Object.values(keys));
      for (const f of readdirSync(cache.dir)) if (f !== CACHE_INDEX && !used.has(f)) rmSync(join(cache.dir, f), { force: true });
    }
    return { files, kept };
  } finally {
    db.close();
  }
}

/** Every page file of the site, each made from the warehouse. */
export async function makePageFiles(warehouse: string): Promise<Map<string, Uint8Array | string>> {
  return (await makeSiteData(warehouse)).files;
}

/** One page file, for a Framework data loader (src/data/*.ts) in `npm run dev`. */
export async function makeOnePageFile(name: string, warehouse: string): Promise<Uint8Array | string> {
  const manifest = readManifest();
  const spec = pageFileSpecs(manifest).get(name);
  if (!spec) throw new UserError(`no exposure in models/pages/_exposures.yml writes ${name}`);
  if (!existsSync(warehouse)) throw new UserError(`no warehouse at ${warehouse}: run 'npx tierboard ingest' first`);
  const db = await openDb(warehouse, { readOnly: true });
  try {
    return await makePageFile(spec, new PageReader(db.conn, manifest));
  } finally {
    db.close();
  }
}

/** The customer detail files (and any other `lines` spec) under `outDir`/data; unchanged ones are linked to `previous`'s. */
export async function writeDetailFiles(outDir: string, warehouse: string, previous?: string): Promise<{ written: number; kept: number }> {
  const spec = linesSpec(readManifest());
  return spec ? writeLineFiles(outDir, warehouse, spec, previous) : { written: 0, kept: 0 };
}

/** The data the key charts need (src/components/charts.ts chartData), read from the site's own files. */
export function chartSources(files: Map<string, Uint8Array | string>): Record<string, unknown> {
  const text = (name: string) => {
    const v = files.get(name);
    if (v === undefined) throw new Error(`internal: site file ${name} was not made`);
    return typeof v === "string" ? v : Buffer.from(v).toString("utf8");
  };
  const member = (name: string, entry: string) => JSON.parse(unzip(Buffer.from(files.get(name) as Uint8Array), name).get(entry)!().toString("utf8"));
  return {
    overview: member("overview.zip", "main.json"),
    pareto: JSON.parse(text("pareto.json")),
    topn: JSON.parse(text("topn.json")),
    receivables: JSON.parse(text("receivables.json")),
    funnel: member("funnel.zip", "main.json"),
    "growth/month-none": member("growth.zip", "month-none.json"),
  };
}

/**
 * Writes every page file where Framework keeps loader output (.observablehq/cache/data under
 * the source root), dated after the loaders, so that Framework's build finds them fresh and
 * starts no loader process. Returns the files and the names of those kept from the last build
 * (makeSiteData).
 */
export async function prefillLoaderCache(srcRoot: string, warehouse: string, cache?: { dir: string; read: boolean }): Promise<{ files: Map<string, Uint8Array | string>; kept: string[] }> {
  const loaderCache = join(srcRoot, ".observablehq", "cache", "data");
  const made = await makeSiteData(warehouse, cache);
  // What reading the page models took (a GB at 10M lines: JS rows and DuckDB results no longer
  // used) goes back before the customer files and Framework's build start beside each other.
  collectGarbage();
  const later = new Date(Date.now() + 1000);
  for (const [name, data] of made.files) {
    const file = join(loaderCache, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
    utimesSync(file, later, later);
  }
  return made;
}
