/**
 * `tierboard ingest`: reads exports into `raw_*` tables of a new warehouse, quarantines bad rows
 * with their reasons, derives what a flat sales-lines export implies, and swaps the new warehouse
 * in only when everything succeeded, so a failed or interrupted run leaves the previous one.
 */
import { createHash, randomUUID } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync, createReadStream, createWriteStream } from "node:fs";
import { basename, dirname, extname, resolve, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import { all, collectGarbage, one, openDb } from "../lib/duckdb.ts";
import { assertReplaceable, copyWarehouse, isDuckDbFile, removeStale, stagedPath, swapIn } from "../lib/staging.ts";
import { compareWithLedger, fingerprint, INGEST_FORMAT, isMoved, LEDGER_DDL, ledgerEntries, readLedger, type FileChange, type Fingerprint, type Ledger, type LedgerEntry } from "./ledger.ts";
import { formatInt, formatPct } from "../lib/format.ts";
import { Progress } from "../lib/progress.ts";
import { classify, headerScore, loadMapping, ruleFor, type ColumnMatch, type FileRule, type Mapping } from "./mapping.ts";
import { findInputs, formatOf, InputError, openSources, stageCsvFiles, type Source, type StageResult } from "./read.ts";
import { ROW_CHECKS, TABLE_NAMES, columnsOf, keyOf, type ColumnDef, type TableName } from "../lib/schema.ts";
import { MACROS, typedSelect, type MappedColumn } from "./validate.ts";
import { headerUnit, UnitError } from "./units.ts";
import { ident, lit, neutraliseFormulaSql } from "../lib/sql.ts";
import { UserError } from "../lib/errors.ts";

export const DEFAULT_MAX_BAD_SHARE = 0.05;

export interface IngestOptions {
  sources: string[];
  mapping?: string;
  warehouse: string;
  maxBadShare?: number;
  progress?: Progress;
  /** the warehouse this load continues (default: `warehouse` itself); its ledger says what is new */
  previous?: string;
  /** read every file again into an empty warehouse, as a first load does */
  fullRefresh?: boolean;
}

export interface SourceReport {
  file: string;
  sheet: string | null;
  table: TableName | null;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  header_row: number | null;
  read: number;
  loaded: number;
  quarantined: number;
  /** canonical column -> header it was read from */
  columns: Record<string, string>;
  ignored: string[];
  note: string | null;
}

export interface TableReport {
  table: TableName;
  status: "loaded" | "derived" | "missing";
  rows: number;
}

export interface IngestResult {
  warehouse: string;
  mapping: string;
  sources: SourceReport[];
  tables: TableReport[];
  quarantined: number;
  quarantineFile: string;
  /** full: every file read; append: only new files and added lines; unchanged: nothing read */
  mode: "full" | "append" | "unchanged";
  /** why this mode, in words */
  reason: string;
  /** what changed in rows an earlier load held, in words */
  history: string[];
}

export class IngestError extends UserError {
  constructor(
    message: string,
    readonly result?: Partial<IngestResult>,
  ) {
    super(message);
  }
}

interface Plan {
  /** the file's number in this warehouse's rows (_source_id); an added load numbers on from the last */
  id: number;
  /** for a grown file read from its added lines: the data rows before them */
  rowOffset: number;
  source: Source;
  match: ColumnMatch;
  rule?: FileRule;
  headerRow: number;
  headers: string[];
  report: SourceReport;
}

/** File names for a message: the first ten, then how many more. */
const fileList = (files: string[], name: (file: string) => string = basename) =>
  files.slice(0, 10).map((f) => name(f)).join(", ") + (files.length > 10 ? ` and ${formatInt(files.length - 10)} more` : "");

const sourceName = (s: { file: string; sheet?: string | null }) => (s.sheet ? `${basename(s.file)} [${s.sheet}]` : basename(s.file));

function pickHeaderRow(mapping: Mapping, source: Source, rule?: FileRule): [number, string[]] {
  if (rule?.header_row) {
    const row = source.preview.find(([n]) => n === rule.header_row);
    if (!row) throw new InputError(`${sourceName(source)}: header_row ${rule.header_row} is beyond the first rows of the file`);
    return row;
  }
  let best = source.preview[0] ?? [1, []];
  let bestScore = -1;
  for (const row of source.preview.slice(0, 20)) {
    const score = headerScore(mapping, row[1]);
    if (score > bestScore) [best, bestScore] = [row, score];
  }
  return bestScore > 0 ? best : (source.preview.find(([, cells]) => cells.some((c) => c.trim() !== "")) ?? best);
}

function rawTableDdl(table: TableName, loadId: number): string {
  const cols = columnsOf(table).map((c) => `${ident(c.name)} ${sqlType(c)}`);
  // _load_id: the load that added the row, for incremental models (docs/incremental.md).
  return `create table raw_${table} (${cols.join(", ")}, _source varchar, _source_id integer, _source_row bigint, _load_id bigint default ${loadId})`;
}

export function sqlType(c: ColumnDef): string {
  return c.kind === "string" || c.kind === "enum" ? "varchar" : c.kind === "integer" ? "bigint" : c.kind === "number" ? "decimal(18,4)" : c.kind;
}

/** A load that can only add rows found rows an earlier load holds: it is done again in full. */
class AppendConflict extends Error {}

type Mode = "full" | "append" | "unchanged";

/** Meta tables the models read as sources, besides the raw tables. */
const META_TABLES = ["quarantine", "ingest_sources", "ingest_tables", "ingest_runs"] as const;

/** The exports against the last load of the warehouse they continue: what each file is, and so how they must be loaded. */
export interface ExportComparison {
  mapping: Mapping;
  mappingKey: string;
  inputs: string[];
  previous: string;
  ledger: Ledger | null;
  fps: Fingerprint[];
  changes: FileChange[];
  mode: Mode;
  reason: string;
}

/**
 * Compares the exports with the last load (the ledger of `previous`, else of `warehouse`), reading
 * no warehouse but that ledger: a build asks it first, and when every file is as it was, no
 * warehouse needs staging. `ingest` takes the answer on (`compared`) rather than asking again.
 */
export async function compareExports(opts: IngestOptions): Promise<ExportComparison> {
  const progress = opts.progress ?? new Progress();
  const mapping = loadMapping(opts.mapping);
  const warehouse = resolve(opts.warehouse);
  const dir = dirname(warehouse);
  // Our own output may sit in the export folder; it is not an input.
  const inputs = findInputs(opts.sources, [resolve(dir, "quarantine.csv")]);
  progress.info(`Mapping: ${mapping.label}`);
  progress.info(`Reading ${formatInt(inputs.length)} file(s) from ${opts.sources.join(", ")}`);

  // What the last load read, and how the files differ from it.
  const previous = resolve(opts.previous ?? warehouse);
  const mappingKey = createHash("sha256").update(JSON.stringify([mapping.label, mapping.file])).digest("hex");
  let ledger: Ledger | null = null;
  if (!opts.fullRefresh && existsSync(previous) && statSync(previous).isFile() && isDuckDbFile(previous)) {
    const prev = await openDb(previous, { readOnly: true });
    try {
      ledger = await readLedger(prev.conn);
    } finally {
      prev.close();
    }
  }
  const entryOf = ledger ? ledgerEntries(inputs, ledger.files, (file) => displayName(file, opts.sources)) : () => undefined;
  const fps: Fingerprint[] = [];
  await progress.step(`Comparing the files with the last load`, async () => {
    for (const f of inputs) fps.push(await fingerprint(f, entryOf(f)));
  });
  let mode: Mode = "full";
  const earlier = !opts.fullRefresh && !ledger && existsSync(previous);
  let reason = opts.fullRefresh ? "a full refresh was asked for" : earlier ? "the warehouse holds no record of the files it was loaded from (an earlier version wrote it)" : "a first load";
  let changes: FileChange[] = fps.map((fp) => ({ kind: "new", file: fp.file, fp }));
  if (ledger && ledger.mappingKey !== mappingKey) reason = "the mapping is not the one of the last load";
  else if (ledger) {
    const cmp = compareWithLedger(fps, ledger.files, entryOf);
    const moved = cmp.files.filter((c) => c.kind === "same" && isMoved(c));
    if (moved.length)
      progress.info(`${formatInt(moved.length)} file(s) moved since the last load, not read again (the same name inside the folder given, the same content): ${fileList(moved.map((c) => c.file), (f) => displayName(f, opts.sources))}`);
    const changed = cmp.files.filter((f) => f.kind === "changed");
    changes = cmp.files;
    if (changed.length || cmp.removed.length)
      reason = [
        changed.length ? `${fileList(changed.map((c) => c.file))} changed since the last load (history may have been corrected)` : "",
        cmp.removed.length ? `${fileList(cmp.removed.map((c) => c.file))} ${cmp.removed.length === 1 ? "is" : "are"} no longer among the exports` : "",
      ].filter(Boolean).join("; ");
    else if (cmp.files.every((f) => f.kind === "same")) mode = "unchanged";
    else mode = "append";
  }
  return { mapping, mappingKey, inputs, previous, ledger, fps, changes, mode, reason };
}

export async function ingest(opts: IngestOptions & { compared?: ExportComparison }): Promise<IngestResult> {
  const progress = opts.progress ?? new Progress();
  const warehouse = resolve(opts.warehouse);
  assertReplaceable(warehouse, "warehouse");
  const dir = dirname(warehouse);
  mkdirSync(dir, { recursive: true });
  removeStale(warehouse);
  const compared = opts.compared ?? (await compareExports(opts));
  const { mapping, mappingKey, inputs, previous, ledger, fps, changes, mode } = compared;
  let { reason } = compared;
  const before = new Map(changes.flatMap((c) => (c.kind === "new" ? [] : [[c.file, c.prev] as const])));
  if (mode === "unchanged") {
    progress.info(`Every file is as at the last load: nothing read again.`);
    if (previous !== warehouse) copyWarehouse(previous, warehouse);
    const db = await openDb(warehouse, { readOnly: true });
    try {
      const rows = await all<SourceReport & { columns: string; ignored: string }>(db.conn, `select file, sheet, table_name as "table", format, encoding, delimiter, header_row,
        rows_read as read, rows_loaded as loaded, rows_quarantined as quarantined, columns::varchar as columns, ignored_columns::varchar as ignored, note from ingest_sources`);
      const sources: SourceReport[] = rows.map((r) => ({ ...r, columns: JSON.parse(r.columns ?? "{}"), ignored: JSON.parse(r.ignored ?? "[]") }));
      const tables = await all<TableReport>(db.conn, `select table_name as "table", status, row_count as rows from ingest_tables`);
      const quarantined = sources.reduce((n, r) => n + Number(r.quarantined), 0);
      return { warehouse, mapping: mapping.label, sources, tables, quarantined, quarantineFile: resolve(dir, "quarantine.csv"), mode, reason: "every file is as at the last load", history: [] };
    } finally {
      db.close();
    }
  }
  if (mode === "append") {
    const added = changes.filter((c) => c.kind !== "same");
    progress.info(`${formatInt(changes.length - added.length)} file(s) as at the last load are not read again; reading ${added.map((c) => `${basename(c.file)}${c.kind === "grown" ? " (its added lines)" : ""}`).join(", ")}`);
    try {
      return await load(opts, { mapping, mappingKey, inputs, warehouse, previous, ledger: ledger!, changes, fps, before, mode: "append", reason: "new files or lines", progress });
    } catch (e) {
      if (!(e instanceof AppendConflict)) throw e;
      reason = e.message;
    }
  }
  progress.info(ledger ? `Reading every file again: ${reason}.` : `Reading every file (${reason}).`);
  return load(opts, { mapping, mappingKey, inputs, warehouse, previous, ledger, changes: fps.map((fp) => ({ kind: "new", file: fp.file, fp })), fps, before, mode: "full", reason, progress });
}

interface LoadContext {
  mapping: Mapping;
  mappingKey: string;
  inputs: string[];
  warehouse: string;
  previous: string;
  /** the last load; with a full load, the warehouse it continues (models and their state are kept) */
  ledger: Ledger | null;
  changes: FileChange[];
  fps: Fingerprint[];
  /** each file's entry in the last load's ledger, at its path or at the one it moved from (compareWithLedger) */
  before: Map<string, LedgerEntry>;
  mode: "full" | "append";
  reason: string;
  progress: Progress;
}

async function load(opts: IngestOptions, ctx: LoadContext): Promise<IngestResult> {
  const { mapping, inputs, warehouse, progress, ledger, mode } = ctx;
  const maxBadShare = opts.maxBadShare ?? mapping.file.max_bad_share ?? DEFAULT_MAX_BAD_SHARE;
  const dir = dirname(warehouse);
  const tmpDb = stagedPath(warehouse, "tmp");
  const tmpDir = resolve(dir, `.ingest-tmp-${process.pid}`);
  const quarantineFile = resolve(dir, "quarantine.csv");
  rmSync(tmpDb, { force: true });
  rmSync(`${tmpDb}.wal`, { force: true });
  mkdirSync(tmpDir, { recursive: true });
  const loadId = (ledger?.loadId ?? 0) + 1;
  const ingestId = ledger?.ingestId ?? randomUUID();
  // A load continues the last warehouse (its models and their state are kept for the runner to
  // judge); a first load or a full refresh starts an empty one.
  if (ledger) copyWarehouse(ctx.previous, tmpDb);
  const db = await openDb(tmpDb);
  let swapped = false;
  try {
    const conn = db.conn;
    for (const m of MACROS) await conn.run(m);
    const previousLoaded = new Set<TableName>();
    if (ledger) {
      for (const r of await all<{ table_name: TableName }>(conn, `select table_name from ingest_tables where status = 'loaded'`)) previousLoaded.add(r.table_name);
      // What the last load made is set aside, to compare with (a full load) or to add to (an added load).
      for (const t of [...TABLE_NAMES.map((t) => `raw_${t}`), ...META_TABLES]) await conn.run(`alter table ${t} rename to ${ident(`prev_${t}`)}`);
      await conn.run(`drop table ingest_files`);
    }
    const idOffset = mode === "append" ? Number((await one<{ n: number | null }>(conn, `select max(id) as n from (${TABLE_NAMES.map((t) => `select max(_source_id) as id from prev_raw_${t}`).join(" union all ")})`)).n ?? -1) + 1 : 0;

    // 1. Open every file (for an added load: the new files, and the added lines of grown ones) and decide what each holds.
    const plans: Plan[] = [];
    const skipped: SourceReport[] = [];
    const toRead = ctx.changes.filter((c) => c.kind !== "same");
    for (const change of toRead) {
      const file = change.file;
      const rule = ruleFor(mapping, basename(file));
      if (rule?.skip) {
        progress.info(`  ${basename(file)}: skipped by the mapping file`);
        continue;
      }
      let readFrom = file;
      let rowOffset = 0;
      if (change.kind === "grown") {
        // The header rows and the lines after the old end: the rows before are loaded already.
        readFrom = resolve(tmpDir, `added-${plans.length}${extname(file)}`);
        writeAddedLines(file, readFrom, change.prev.header_row!, change.prev.bytes);
        rowOffset = change.prev.rows_read;
      }
      const opened = await openSources(conn, readFrom, tmpDir, progress, { encoding: rule?.encoding, delimiter: rule?.delimiter, sheet: rule?.sheet });
      const sources = opened.map((s) => Object.assign(s, { file }));
      const recognised: Plan[] = [];
      const unknown: { source: Source; headers: string[] }[] = [];
      for (const source of sources) {
        const sheetRule = ruleFor(mapping, basename(file), source.sheet) ?? rule;
        if (source.preview.length === 0) {
          skipped.push(emptyReport(source, "empty: no rows"));
          continue;
        }
        const [headerRow, headers] = pickHeaderRow(mapping, source, sheetRule);
        const match = classify(mapping, [source.sheet ?? "", basename(file)], headers, sheetRule);
        if (!match || match.score === 0) {
          unknown.push({ source, headers });
          continue;
        }
        recognised.push({ id: 0, rowOffset, source, match, rule: sheetRule, headerRow, headers, report: emptyReport(source, null) });
      }
      // A workbook's notes or pivot sheets may go unrecognised; a whole file may not.
      if (recognised.length === 0 && unknown.length > 0) {
        const u = unknown[0]!;
        throw new InputError(
          `${sourceName(u.source)}: cannot tell which table this file holds. Its headers: ${u.headers.slice(0, 20).join(", ")}.\n` +
            `Name the file after its table (e.g. customers.csv, 订单明细.csv) or add to a mapping file:\n` +
            `  files:\n    - match: "${basename(file)}"\n      table: order_lines   # one of ${TABLE_NAMES.join(", ")}`,
        );
      }
      for (const u of unknown) skipped.push(emptyReport(u.source, `skipped: headers match no table (${u.headers.slice(0, 6).join(", ")})`));
      plans.push(...recognised);
    }
    plans.forEach((p, i) => (p.id = idOffset + i));

    // 2. Orders may come from their own export or from the lines of a flat sales export.
    const tablesIn = new Set([...plans.map((p) => p.match.table), ...previousLoaded]);
    if (!tablesIn.has("order_lines"))
      throw new InputError(
        `no sales lines found: Tierboard needs order lines (orders + order lines, or one flat sales-lines file with order, date, customer, product, quantity and amount). Files read: ${fileList(inputs)}`,
      );
    for (const p of plans) {
      // A header used twice makes the column ambiguous when it is one we read.
      for (const [, idx] of p.match.columns) {
        const h = p.headers[idx]!.trim();
        const twice = p.headers.flatMap((x, i) => (x.trim() === h ? [i + 1] : []));
        if (h && twice.length > 1)
          throw new InputError(
            `${sourceName(p.source)}: the header "${h}" appears twice (columns ${twice.join(" and ")}), so it is unclear which to read. ` +
              `Rename one in the export, or map the table's columns by header in a mapping file.`,
          );
      }
      const missing = [...p.match.missingRequired];
      if (p.match.table === "order_lines" && !tablesIn.has("orders"))
        for (const c of ["order_date", "customer_id"]) if (!p.match.columns.has(c)) missing.push(c);
      if (missing.length)
        throw new InputError(
          `${sourceName(p.source)} (read as ${p.match.table}): required column(s) missing: ${missing.join(", ")}` +
            `${p.match.table === "order_lines" && !tablesIn.has("orders") ? " (there is no orders export, so the lines must carry order date and customer)" : ""}.\n` +
            `Its headers: ${p.headers.join(", ")}.\nMap them in a mapping file: files: [{match: "${basename(p.source.file)}", columns: {${missing[0]}: "<header>"}}]`,
        );
    }

    // 3. Stage, type-check and load every source.
    for (const t of TABLE_NAMES) await conn.run(rawTableDdl(t, loadId));
    await conn.run(`create table quarantine (source varchar, source_file varchar, sheet varchar, table_name varchar,
      row_number bigint, column_name varchar, header varchar, value varchar, reason varchar, record varchar)`);
    const groups = new Map<string, { p: Plan; id: number }[]>();
    for (const p of plans) {
      const key = groupKey(p);
      groups.set(key, [...(groups.get(key) ?? []), { p, id: p.id }]);
    }
    for (const group of groups.values()) {
      await loadGroup(conn, group, mapping, tablesIn.has("orders"), progress);
      // A workbook's rows, once staged, go back now rather than whenever V8 next collects (which may
      // be after the model run): 600 MB at 10M lines.
      collectGarbage();
    }

    // 4. Keys must be unique: later duplicates are quarantined, naming the first occurrence.
    for (const t of TABLE_NAMES) await quarantineDuplicates(conn, t, plans);
    await completeOrderLines(conn);
    // An added load's rows join the earlier ones, unless they repeat a key those hold: then only a
    // full load can say which version counts (as it would with every file at once).
    if (mode === "append") await appendToPrevious(conn, tablesIn.has("orders"), plans, loadId);
    const derivedBefore = mode === "append" ? await setAsideDerived(conn) : null;
    const tables = await deriveTables(conn, tablesIn, plans);

    const reports = [...plans.map((p) => p.report), ...skipped];
    for (const r of plans.map((p) => p.report))
      if (r.read !== r.loaded + r.quarantined) throw new Error(`internal: row accounting broken for ${sourceName(r)}: ${r.read} read, ${r.loaded} loaded, ${r.quarantined} quarantined`);

    await writeMeta(conn, reports, tables, mapping, opts.sources, { mappingKey: ctx.mappingKey, mode, loadId });
    if (mode === "append") {
      // A file that moved (grown or not) keeps its rows in the lists under its new path and name:
      // one statement per list for all of them, as a moved folder may hold thousands.
      const moved = ctx.changes.filter(isMoved);
      if (moved.length) {
        const paths = `(values ${moved.map((c) => `(${lit(c.prev.file)}, ${lit(c.file)}, ${lit(displayName(c.file, opts.sources))})`).join(", ")}) as m(was, file, name)`;
        await conn.run(`update prev_ingest_sources p set file = m.file, name = m.name from ${paths} where p.file = m.was`);
        await conn.run(`update prev_quarantine q set source_file = m.file from ${paths} where q.source_file = m.was`);
      }
      // The earlier files' rows in the lists stay; a grown file's row adds its new lines' counts.
      await conn.run(`update prev_ingest_sources p set rows_read = p.rows_read + n.rows_read, rows_loaded = p.rows_loaded + n.rows_loaded,
        rows_quarantined = p.rows_quarantined + n.rows_quarantined, note = coalesce(p.note, n.note)
        from ingest_sources n where p.file = n.file and p.sheet is not distinct from n.sheet`);
      await conn.run(`insert into prev_ingest_sources select * from ingest_sources n
        where not exists (select 1 from prev_ingest_sources p where p.file = n.file and p.sheet is not distinct from n.sheet)`);
      await conn.run(`drop table ingest_sources; alter table prev_ingest_sources rename to ingest_sources`);
      await conn.run(`insert into prev_quarantine select * from quarantine; drop table quarantine; alter table prev_quarantine rename to quarantine`);
    }
    const history = await settleTableStates(conn, { mode, loadId, ingestId, previous: Boolean(ledger), derivedBefore });
    await writeLedger(conn, ctx.fps, ctx.before, ledger, loadId);

    const quarantined = (await one<{ n: number }>(conn, "select count(distinct (source, row_number))::bigint as n from quarantine")).n;
    const quarantineCsv = await writeQuarantineCsv(conn, tmpDir);
    // A grown file is judged whole: its earlier rows count with its added ones, as in a full load.
    const before = new Map(ctx.changes.flatMap((c) => (c.kind === "grown" ? [[c.file, c.prev] as const] : [])));
    const tooBad = reports
      .map((r) => ({ ...r, read: r.read + (before.get(r.file)?.rows_read ?? 0), quarantined: r.quarantined + (before.get(r.file)?.rows_quarantined ?? 0) }))
      .filter((r) => r.read > 0 && r.quarantined / r.read > maxBadShare);
    // A rejected run's bad rows go to a file of their own: quarantine.csv keeps describing the warehouse in use.
    const rejectedFile = resolve(dir, "quarantine-rejected.csv");
    printReport(progress, reports, tables, quarantined, tooBad.length ? rejectedFile : quarantineFile);
    for (const h of history) progress.info(`  ${h}`);
    if (tooBad.length) {
      renameSync(quarantineCsv, rejectedFile);
      throw new IngestError(
        `too many bad rows (more than ${formatPct(maxBadShare)} of a file): ${tooBad.map((r) => `${sourceName(r)} ${formatInt(r.quarantined)} of ${formatInt(r.read)}`).join("; ")}.\n` +
          `The previous warehouse and quarantine.csv were kept. See ${rejectedFile} for every bad row of this run and its reason; fix the export or raise the limit with --max-bad-share.`,
        { sources: reports, tables, quarantined, quarantineFile: rejectedFile },
      );
    }

    await conn.run("checkpoint");
    db.close();
    swapIn(tmpDb, warehouse);
    // The quarantine list goes with the warehouse it describes: a failed ingest leaves both as they were.
    renameSync(quarantineCsv, quarantineFile);
    swapped = true;
    progress.info(`Warehouse: ${warehouse}`);
    return { warehouse, mapping: mapping.label, sources: reports, tables, quarantined, quarantineFile, mode, reason: ctx.reason, history };
  } finally {
    if (!swapped) {
      try {
        db.close();
      } catch {
        // already closed
      }
      rmSync(tmpDb, { force: true });
      rmSync(`${tmpDb}.wal`, { force: true });
    }
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** Copies a CSV's first `headerRows` lines and everything after byte `from` into `to`. */
function writeAddedLines(file: string, to: string, headerRows: number, from: number) {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(Math.min(from, 1 << 20));
    readSync(fd, head, 0, head.length, 0);
    let end = 0;
    for (let n = 0; n < headerRows; n++) {
      const nl = head.indexOf(0x0a, end);
      if (nl < 0) throw new AppendConflict(`${basename(file)}: its header rows could not be found again`);
      end = nl + 1;
    }
    const size = statSync(file).size;
    const out = openSync(to, "w");
    try {
      writeSync(out, head, 0, end);
      const buf = Buffer.alloc(1 << 20);
      for (let pos = from; pos < size; ) {
        const n = readSync(fd, buf, 0, buf.length, pos);
        if (n <= 0) break;
        writeSync(out, buf, 0, n);
        pos += n;
      }
    } finally {
      closeSync(out);
    }
  } finally {
    closeSync(fd);
  }
}

/** The columns a table's rows are told apart by across files, as quarantineDuplicates reads them. */
function appendKey(table: TableName, hasOrders: boolean, numbered: boolean): string[] | null {
  if (table === "order_lines") return !hasOrders || !numbered ? ["order_id"] : ["order_id", "line_number"];
  const key = keyOf(table);
  return key ? [key] : null;
}

/**
 * Adds this load's rows to the earlier ones. A key already held (a re-sent order, a corrected
 * invoice in a new file, a customer known so far only by a placeholder) stops the added load: the
 * full load then decides between the versions as it does for files given together.
 */
async function appendToPrevious(conn: DuckDBConnection, hasOrders: boolean, plans: Plan[], loadId: number) {
  const numbered = plans.some((p) => p.match.table === "order_lines" && p.match.columns.has("line_number"));
  for (const t of TABLE_NAMES) {
    const key = appendKey(t, hasOrders, numbered);
    if (key) {
      // Joined on the key's columns, not on one text made of them: at 10M lines, 10M texts for one join.
      const cols = key.map(ident);
      const [hit] = await all<{ k: string; source: string }>(conn, `select concat_ws('#', ${cols.map((c) => `n.${c}`).join(", ")}) as k, p._source as source
        from raw_${t} n join prev_raw_${t} p on ${cols.map((c) => `n.${c} = p.${c}`).join(" and ")} limit 1`);
      if (hit) throw new AppendConflict(`${t} ${hit.k} is in the new exports and already in ${hit.source}`);
    }
    await conn.run(`insert into prev_raw_${t} select * from raw_${t}; drop table raw_${t}; alter table prev_raw_${t} rename to raw_${t}`);
    await conn.run(`alter table raw_${t} alter column _load_id set default ${loadId}`);
  }
}

const DERIVED = `(_source like '(derived%' or _source like '(placeholder%')`;

/** Derived and placeholder rows are made again from all rows; the earlier ones are kept aside to compare. */
async function setAsideDerived(conn: DuckDBConnection): Promise<Set<TableName>> {
  const out = new Set<TableName>();
  for (const t of TABLE_NAMES) {
    await conn.run(`create temp table prev_derived_${t} as select * from raw_${t} where ${DERIVED}`);
    if ((await one<{ n: number }>(conn, `select count(*)::bigint as n from prev_derived_${t}`)).n > 0) out.add(t);
    await conn.run(`delete from raw_${t} where ${DERIVED}`);
  }
  return out;
}

/**
 * Records per table what this load did to it (ingest_table_state), so the runner keeps, extends
 * or rebuilds each model; a full load that finds a table as it was keeps the earlier rows (and
 * their load ids). Returns what changed in the history, in words.
 */
async function settleTableStates(
  conn: DuckDBConnection,
  o: { mode: "full" | "append"; loadId: number; ingestId: string; previous: boolean; derivedBefore: Set<TableName> | null },
): Promise<string[]> {
  const history: string[] = [];
  const before = new Map<string, { load_id: number; rewrite_id: number }>();
  if (o.previous) for (const r of await all<{ table_name: string; load_id: number; rewrite_id: number }>(conn, "select * from ingest_table_state")) before.set(r.table_name, r);
  await conn.run(`create or replace table ingest_table_state (table_name varchar primary key, load_id bigint, rewrite_id bigint, ingest_id varchar)`);
  const set = async (name: string, how: "same" | "added" | "rewritten") => {
    const b = before.get(name);
    const load = how === "same" && b ? b.load_id : o.loadId;
    const rewrite = how === "rewritten" || !b ? o.loadId : b.rewrite_id;
    await conn.run(`insert into ingest_table_state values (${lit(name)}, ${load}, ${rewrite}, ${lit(o.ingestId)})`);
  };
  const cols = () => `* exclude (_source_id, _source_row, _load_id)`;
  const diff = async (a: string, b: string, c: string) =>
    Number((await one<{ n: number }>(conn, `select count(*)::bigint as n from (select ${c} from ${a} except all select ${c} from ${b})`)).n);
  for (const t of TABLE_NAMES) {
    const raw = `raw_${t}`;
    if (o.mode === "append") {
      const added = Number((await one<{ n: number }>(conn, `select count(*)::bigint as n from ${raw} where _load_id = ${o.loadId} and not ${DERIVED}`)).n);
      let rewritten = false;
      if (o.derivedBefore) {
        // Derived rows made again: those as they were keep their load; any changed or gone is a rewrite.
        const gone = await diff(`prev_derived_${t}`, `(select * from ${raw} where ${DERIVED})`, cols());
        if (gone > 0) {
          rewritten = true;
          history.push(`${t}: ${formatInt(gone)} derived row(s) changed with the new rows; what reads them is rebuilt`);
        } else if (o.derivedBefore.has(t)) {
          const key = keyOf(t);
          if (key) await conn.run(`update ${raw} r set _load_id = p._load_id from prev_derived_${t} p where r.${ident(key)} = p.${ident(key)} and ${DERIVED.replace(/_source/g, "r._source")}`);
        }
        await conn.run(`drop table prev_derived_${t}`);
      }
      const newDerived = Number((await one<{ n: number }>(conn, `select count(*)::bigint as n from ${raw} where _load_id = ${o.loadId} and ${DERIVED}`)).n);
      await set(raw, rewritten ? "rewritten" : added + newDerived > 0 ? "added" : "same");
      continue;
    }
    if (!o.previous) {
      await set(raw, "rewritten");
      continue;
    }
    const gone = await diff(`prev_${raw}`, raw, cols());
    const added = await diff(raw, `prev_${raw}`, cols());
    if (gone === 0 && added === 0) {
      // As it was: the earlier rows stay, with the loads that added them.
      await conn.run(`drop table ${raw}; alter table prev_${raw} rename to ${raw}`);
      await set(raw, "same");
    } else {
      if (gone > 0) history.push(`${t}: ${formatInt(gone)} row(s) of the last load changed or are gone, ${formatInt(added)} new or changed: what reads ${t} is rebuilt`);
      await conn.run(`drop table prev_${raw}`);
      await set(raw, "rewritten");
    }
  }
  for (const m of META_TABLES) {
    if (o.previous && o.mode === "full") {
      const same = m !== "ingest_runs" && (await diff(`prev_${m}`, m, "*")) === 0 && (await diff(m, `prev_${m}`, "*")) === 0;
      await conn.run(`drop table prev_${m}`);
      await set(m, same ? "same" : "rewritten");
    } else if (o.previous) {
      if (m === "ingest_tables" || m === "ingest_runs") {
        const same = m === "ingest_tables" && (await diff(`prev_${m}`, m, "*")) === 0 && (await diff(m, `prev_${m}`, "*")) === 0;
        await conn.run(`drop table prev_${m}`);
        await set(m, same ? "same" : "rewritten");
      } else await set(m, "rewritten");
    } else await set(m, "rewritten");
  }
  return history;
}

async function writeLedger(conn: DuckDBConnection, fps: Fingerprint[], before: Map<string, LedgerEntry>, ledger: Ledger | null, loadId: number) {
  await conn.run(LEDGER_DDL);
  if (fps.length === 0) return;
  await conn.run(`insert into ingest_files values ${fps
    .map((f) => {
      const prev = before.get(f.file);
      const load = prev && prev.sha256 === f.sha256 ? ledger!.loadId : loadId;
      return `(${lit(f.file)}, ${f.bytes}, ${f.mtime_ms}, ${lit(f.sha256)}, ${f.ends_with_newline}, ${lit(formatOf(f.file))}, ${load})`;
    })
    .join(", ")}`);
}

function emptyReport(source: Source, note: string | null): SourceReport {
  return {
    file: source.file, sheet: source.sheet ?? null, table: null, format: source.format,
    encoding: source.encoding ?? null, delimiter: source.delimiter ?? null, header_row: null,
    read: 0, loaded: 0, quarantined: 0, columns: {}, ignored: [], note,
  };
}

/**
 * Files with the same table, headers and rules (a folder of daily or per-branch exports) are
 * checked and loaded as one: each is read into its own stage, then the stages are appended into
 * the first, with the file's place in the group kept in the row number (k * GROUP_ROWS + row).
 * The checks then run once per group instead of once per file, so two thousand small files cost
 * what their rows cost. A group of one is loaded exactly as a single file.
 */
const GROUP_ROWS = 1_000_000_000_000;

/** The source id a row that failed its checks holds in its raw table until it is quarantined (loadGroup). */
const BAD = -1;

const groupKey = (p: Plan) =>
  JSON.stringify([p.rowOffset ? p.source.file : null, p.match.table, p.headers, p.headerRow, p.source.format, p.rule ? JSON.stringify(p.rule) : null, [...p.match.columns]]);

async function loadGroup(conn: DuckDBConnection, group: { p: Plan; id: number }[], mapping: Mapping, hasOrders: boolean, progress: Progress) {
  const { p } = group[0]!;
  const id = p.id;
  const { match } = p;
  const table = match.table;
  const stage = `stage_${id}`;
  const name = group.length === 1 ? sourceName(p.source) : `${sourceName(p.source)} and ${formatInt(group.length - 1)} more file(s) with the same columns`;
  const staged: StageResult[] = [];
  // UTF-8 files of one delimiter and header row are read in one scan; the others one by one.
  const oneRead = group.length > 1 && group.every((g) => g.p.source.plainCsv?.delimiter === p.source.plainCsv?.delimiter && g.p.headerRow === p.headerRow && g.p.source.plainCsv);
  if (oneRead)
    staged.push(...(await progress.step(`  ${sourceName(p.source)} and ${formatInt(group.length - 1)} more: reading`, () =>
      stageCsvFiles(conn, stage, group.map((g) => g.p.source.plainCsv!.path), p.source.plainCsv!.delimiter, p.headerRow, p.headers.length, GROUP_ROWS))));
  else for (const [k, g] of group.entries()) {
    const own = k === 0 ? stage : `stage_${g.p.id}`;
    staged.push(await progress.step(`  ${sourceName(g.p.source)}: reading`, () => g.p.source.stage(conn, own, g.p.headerRow, g.p.headers.length)));
    if (k > 0) {
      // By name: a sheet's rows are numbered first, a CSV's last.
      await conn.run(`insert into ${stage} by name select __row + ${k * GROUP_ROWS} as __row, * exclude (__row) from ${own}`);
      await conn.run(`insert into ${stage}_rej select __row + ${k * GROUP_ROWS}, reason, raw from ${own}_rej`);
      await conn.run(`drop table ${own}; drop table ${own}_rej`);
    }
  }
  const single = group.length === 1;
  if (!single) {
    await conn.run(`create or replace temp table group_src (k bigint, label varchar, file varchar, sheet varchar, source_id integer)`);
    await conn.run(`insert into group_src values ${group.map((g, k) => `(${k}, ${lit(sourceName(g.p.source))}, ${lit(g.p.source.file)}, ${g.p.source.sheet ? lit(g.p.source.sheet) : "null"}, ${g.p.id})`).join(", ")}`);
  }
  // Where each row came from: constants for one file, the group's table for several.
  const from = (alias: string) =>
    single
      ? { label: lit(sourceName(p.source)), file: lit(p.source.file), sheet: p.source.sheet ? lit(p.source.sheet) : "null", id: String(id), row: `${alias}.__row + ${p.rowOffset}`, join: "" }
      : { label: "src.label", file: "src.file", sheet: "src.sheet", id: "src.source_id", row: `${alias}.__row % ${GROUP_ROWS}`, join: `join group_src src on src.k = ${alias}.__row // ${GROUP_ROWS}` };
  const cols = columnsOf(table);
  const flat = table === "order_lines" && !hasOrders;
  const unitNotes: string[] = [];
  const mapped: MappedColumn[] = [...match.columns].map(([colName, idx]) => {
    const col = cols.find((c) => c.name === colName)!;
    const header = p.headers[idx]!;
    let scale: number | undefined;
    // A unit in a number column's header scales its values (万元: x 10,000); one that cannot be read stops the ingest.
    if ((col.kind === "number" || col.kind === "integer") && !col.ratio) {
      try {
        const unit = headerUnit(header);
        if (unit) {
          scale = unit.factor;
          unitNotes.push(`${colName} read from "${header}": every value x ${formatInt(unit.factor)} (unit ${unit.unit})`);
        }
      } catch (e) {
        if (!(e instanceof UnitError)) throw e;
        throw new InputError(`${sourceName(p.source)}: ${e.message}; rename the header, or map the column in a mapping file (files: [{match: "${basename(p.source.file)}", columns: {${colName}: "<header>"}}]) after removing the unit`);
      }
    }
    return { col, source: `c${idx}`, header, required: col.required || (flat && (colName === "order_date" || colName === "customer_id")), scale };
  });
  // Two exports pasted into one file repeat the header (often with a BOM): that row is not data.
  // Each cell is first asked whether it holds its header at all: cheap, and false for nearly every
  // row, so the trimmed comparison runs on almost none (10M lines: 0.9 s -> 0.1 s).
  const isHeader = [
    ...mapped.map((m) => `contains(${m.source}, ${lit(m.header.trim())})`),
    ...mapped.map((m) => `trim(replace(${m.source}, chr(65279), '')) = ${lit(m.header.trim())}`),
  ].join(" and ");
  const repeated = (await one<{ n: number }>(conn, `select count(*)::bigint as n from ${stage} where ${isHeader}`)).n;
  if (repeated > 0) {
    await conn.run(`insert into ${stage}_rej select __row, 'the row repeats the header row (two exports pasted together?)',
      concat_ws(',', ${p.headers.map((_, i) => `c${i}`).join(", ")}) from ${stage} where ${isHeader}`);
    await conn.run(`delete from ${stage} where ${isHeader}`);
  }
  const dateFormats = [...(p.rule?.date_formats ?? []), ...mapping.dateFormats];
  const explicitFormats = Boolean(p.rule?.date_formats?.length || mapping.file.date_formats?.length);
  const columnFormats = await dayMonthOrder(conn, stage, mapped, name, explicitFormats, dateFormats);
  const o = {
    dateFormats,
    columnFormats,
    preferredFormats: await preferredFormats(conn, stage, mapped, dateFormats, columnFormats),
    decimal: p.rule?.decimal ?? mapping.file.decimal ?? ("auto" as const),
    values: mapping.values,
  };
  const rows = staged.reduce((n, s) => n + s.rows, 0) - Number(repeated);
  // Per file: rows loaded, rows quarantined by the checks, rows that could not be split or repeated the header.
  const place = new Map(group.map((g, k) => [g.p.id, k]));
  const per = new Map(group.map((_, k) => [k, { ok: 0, bad: 0, rej: 0 }]));
  await progress.step(`  ${name}: checking ${formatInt(rows)} rows as ${table}`, async () => {
    const typedSql = typedSelect(stage, cols, mapped, o, ROW_CHECKS[table]);
    const t = from("t");
    // Every row goes into the raw table in one pass; a bad one under a negative source id (BAD) and
    // its stage row, to be moved to the quarantine below. A table of the typed rows in between, read
    // again for the good ones, cost a copy of the whole export.
    await conn.run(`insert into raw_${table} by name
      select t.* exclude (__row, __bad), ${t.label} as _source,
        case when t.__bad then ${BAD} else ${t.id} end as _source_id, case when t.__bad then t.__row else ${t.row} end as _source_row
      from (${typedSql.sql}) t ${t.join}`);
    // One count of the group's rows says what each file loaded and whether any row is bad.
    const counted = await all<{ id: number; k: number; n: number; rej: boolean }>(conn, `
      select _source_id as id, case when _source_id = ${BAD} then _source_row // ${GROUP_ROWS} end as k, count(*)::bigint as n, false as rej
      from raw_${table} where _source_id in (${[...place.keys(), BAD].join(", ")}) group by all
      union all select null, __row // ${GROUP_ROWS}, count(*)::bigint, true from ${stage}_rej group by 2`);
    for (const c of counted) {
      const bad = Number(c.id) === BAD;
      per.get(c.rej || bad ? Number(c.k) : place.get(Number(c.id))!)![c.rej ? "rej" : bad ? "bad" : "ok"] += Number(c.n);
    }
    // The reasons are worked out only for the rows that have any: most exports have none.
    if ([...per.values()].some((c) => c.bad > 0)) {
      const record = `json_object(${p.headers.flatMap((h, i) => [lit(h || `column ${i + 1}`), `s.c${i}`]).join(", ")})`;
      await conn.run(`insert into quarantine
        select ${t.label}, ${t.file}, ${t.sheet}, ${lit(table)}, ${t.row}, e.column, e.header, e.value, e.reason, ${record}
        from (${typedSql.errors(`__row in (select _source_row from raw_${table} where _source_id = ${BAD})`)}) t join ${stage} s using (__row) ${t.join}`);
      await conn.run(`delete from raw_${table} where _source_id = ${BAD}`);
    }
    const r = from("r");
    await conn.run(`insert into quarantine select ${r.label}, ${r.file}, ${r.sheet}, ${lit(table)}, ${r.row}, null, null, null, r.reason, r.raw from ${stage}_rej r ${r.join}`);
  });
  for (const [k, g] of group.entries()) {
    const c = per.get(k)!;
    Object.assign(g.p.report, {
      table,
      header_row: g.p.headerRow,
      read: Number(c.ok) + Number(c.bad) + Number(c.rej),
      loaded: Number(c.ok),
      quarantined: Number(c.bad) + Number(c.rej),
      columns: Object.fromEntries(mapped.map((m) => [m.col.name, m.header])),
      ignored: match.ignored,
      note: [staged[k]!.note, ...unitNotes].filter(Boolean).join("; ") || null,
    });
  }
  await conn.run(`drop table ${stage}; drop table ${stage}_rej`);
}

/**
 * For each date column, the first format (in the list's order) that parses every value of a
 * sample: exports write one format per column, so most rows need only that one.
 */
async function preferredFormats(conn: DuckDBConnection, stage: string, mapped: MappedColumn[], allFormats: string[], columnFormats: Record<string, string[]>) {
  const out: Record<string, string> = {};
  for (const m of mapped) {
    if (m.col.kind !== "date" && m.col.kind !== "timestamp") continue;
    const formats = columnFormats[m.col.name] ?? allFormats;
    // strptime wants a constant format: one count per format, over one sample.
    const counts = formats.map((f, i) => `count(try_strptime(v, ${lit(f)})) as c${i}`).join(", ");
    const [r] = await all<Record<string, number>>(conn, `select count(*) as n, ${counts}
      from (select trim(${m.source}) as v from ${stage} where not tb_blank(${m.source}) limit 1000)`);
    const i = formats.findIndex((_, k) => r!.n > 0 && r![`c${k}`] === r!.n);
    if (i >= 0) out[m.col.name] = formats[i]!;
  }
  return out;
}

/**
 * Dates such as 05/03/2024 read either way round. The whole column decides: a first part above
 * 12 means day first, a second part above 12 month first, and the column is read that way (rows
 * that contradict it are quarantined). When every value fits both, nothing decides it: the
 * ingest stops and asks for date_formats in the mapping file, unless the mapping already gives
 * them. Returns the formats to use per decided column.
 */
async function dayMonthOrder(conn: DuckDBConnection, stage: string, mapped: MappedColumn[], file: string, explicit: boolean, formats: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const pattern = "^([0-9]{1,2})([/-])([0-9]{1,2})[/-][0-9]{4}";
  for (const m of mapped) {
    if ((m.col.kind !== "date" && m.col.kind !== "timestamp") || explicit) continue;
    const [r] = await all<{ n: number; first_max: number | null; second_max: number | null; sep: string | null; example: string | null }>(conn, `
      select count(*)::bigint as n, max(cast(regexp_extract(v, '${pattern}', 1) as int)) as first_max,
        max(cast(regexp_extract(v, '${pattern}', 3) as int)) as second_max, mode(regexp_extract(v, '${pattern}', 2)) as sep, min(v) as example
      from (select trim(${m.source}) as v from ${stage} where not tb_blank(${m.source})) where regexp_matches(v, '${pattern}')`);
    if (!r || r.n === 0) continue;
    const sep = r.sep === "-" ? "-" : "/";
    // The decided order, then the other forms of the list (ISO dates may share the column).
    const others = formats.filter((f) => !/^%[md][/-]%[md][/-]%Y/.test(f));
    const forms = (first: string, second: string) => [...["", " %H:%M:%S", " %H:%M"].map((t) => `${first}${sep}${second}${sep}%Y${t}`), ...others];
    if ((r.first_max ?? 0) > 12) out[m.col.name] = forms("%d", "%m");
    else if ((r.second_max ?? 0) > 12) out[m.col.name] = forms("%m", "%d");
    else
      throw new InputError(
        `${file}: ${m.col.name} (header "${m.header}") has dates such as ${r.example} that read either way round: in all ${formatInt(r.n)} of them both parts are 12 or less, so day and month cannot be told apart.\n` +
          `Say which in a mapping file: date_formats: ["%d${sep}%m${sep}%Y"] (day first) or ["%m${sep}%d${sep}%Y"] (month first), for the file (files: [{match: ..., date_formats: [...]}]) or for all files.`,
      );
  }
  return out;
}

/**
 * One fact, once. A key seen twice (the same customer in two exports, an order in this month's
 * and last month's file) is counted once when both versions agree: the later copies are
 * quarantined as copies, naming the first. When the versions disagree, nothing decides which is
 * right: every version is quarantined, naming all of them. Order lines without line numbers are
 * compared per order and file (the same order exported twice); an order whose lines name more
 * than one customer is a conflict too.
 */
async function quarantineDuplicates(conn: DuckDBConnection, table: TableName, plans: Plan[]) {
  const key = keyOf(table);
  const numbered = plans.some((p) => p.match.table === "order_lines" && p.match.columns.has("line_number"));
  if (!key && table !== "order_lines") return;
  const dups = `dups_${table}`;
  const fp = `hash(*columns(* exclude (_source, _source_id, _source_row, _load_id)))`;
  if (table !== "order_lines" || numbered) {
    // Order lines are keyed by order and line number, when the export numbers its lines.
    const keyCols = key ? [ident(key)] : ["order_id", "line_number"];
    const keyExpr = keyCols.join(" || '#' || ");
    const keyLabel = key ?? "order_id + line_number";
    // The keys that repeat are found first, on the key columns alone: the rows' fingerprints (every
    // column hashed) are worked out only for theirs, usually none (10M order lines: 12 s -> 3 s).
    await conn.run(`create or replace temp table ${dups} as
      with repeated as (
        select ${keyCols.join(", ")} from raw_${table} where ${keyCols.map((c) => `${c} is not null`).join(" and ")}
        group by all having count(*) > 1),
      r as (
        select _source_id, _source_row, _source, ${keyExpr} as k, ${fp} as fp
        from (select t.* from raw_${table} t semi join repeated using (${keyCols.join(", ")}))),
      keys as (select k, count(distinct fp) as versions from r group by k having count(*) > 1),
      ranked as (
        select r.*, keys.versions, row_number() over w as rn, first(_source) over w as first_source, first(_source_row) over w as first_row,
          string_agg(_source || ' row ' || _source_row, ', ') over w as places
        from r join keys using (k)
        window w as (partition by r.k order by _source_id, _source_row rows between unbounded preceding and unbounded following))
      select _source_id, _source_row, k,
        case when versions = 1 then ${lit(`the same ${keyLabel} again, first in `)} || first_source || ' row ' || first_row || ': counted once'
          else ${lit(`conflicting versions of ${keyLabel} `)} || k || ' (' || places || '): all quarantined, keep one version in the exports' end as reason
      from ranked where versions > 1 or rn > 1`);
    await quarantineRows(conn, table, plans, dups, keyLabel);
  } else {
    // Lines without line numbers: the lines of one order in one file are compared with another file's as a whole.
    // Only an order in more than one file, or naming more than one customer, can be flagged: the
    // others' lines (nearly all) are not fingerprinted, listed and compared.
    await conn.run(`create or replace temp table ${dups} as
      with suspect as (
        select order_id from raw_${table} where order_id is not null
        group by order_id having count(distinct _source_id) > 1 or count(distinct customer_id) > 1),
      r as (
        select _source_id, _source_row, _source, order_id as k, customer_id, ${fp} as fp
        from (select t.* from raw_${table} t semi join suspect using (order_id))),
      per_file as (select k, _source_id, any_value(_source) as source, list(fp order by fp) as fps from r group by k, _source_id),
      orders as (
        select k, count(*) as files, count(distinct fps) as versions, min(_source_id) as first_id,
          string_agg(source, ', ' order by _source_id) as places
        from per_file group by k),
      customers as (select k, count(distinct customer_id) as n, string_agg(distinct customer_id, ', ' order by customer_id) as ids from r group by k),
      flagged as (
        select r._source_id, r._source_row, r.k,
          case
            when c.n > 1 then 'order ' || r.k || ' names more than one customer (' || c.ids || '): all its lines quarantined, fix the export'
            when o.files > 1 and o.versions > 1 then 'conflicting versions of order ' || r.k || ' lines (' || o.places || '): all quarantined, keep one version in the exports'
            when o.files > 1 and r._source_id <> o.first_id then 'the same order ' || r.k || ' lines again, first in ' || (select source from per_file f where f.k = r.k and f._source_id = o.first_id) || ': counted once'
          end as reason
        from r join orders o using (k) join customers c using (k))
      select * from flagged where reason is not null`);
    await quarantineRows(conn, table, plans, dups, "order_id");
  }
  await conn.run(`drop table ${dups}`);
}

/** Moves the rows listed in `dups` (_source_id, _source_row, k, reason) from raw_<table> to the quarantine. */
async function quarantineRows(conn: DuckDBConnection, table: TableName, plans: Plan[], dups: string, column: string) {
  const n = (await one<{ n: number }>(conn, `select count(*)::bigint as n from ${dups}`)).n;
  if (n === 0) return;
  await conn.run(`insert into quarantine
    select r._source, null, null, ${lit(table)}, r._source_row, ${lit(column)}, null, d.k, d.reason, to_json(r)::varchar
    from (select * exclude (_load_id) from raw_${table}) r join ${dups} d using (_source_id, _source_row)`);
  // Fill in file and sheet from the plans, which know them.
  for (const p of plans)
    await conn.run(`update quarantine set source_file = ${lit(p.source.file)}, sheet = ${p.source.sheet ? lit(p.source.sheet) : "null"}
      where table_name = ${lit(table)} and source_file is null and source = ${lit(sourceName(p.source))}`);
  const per = await all<{ id: number; n: number }>(conn, `select _source_id as id, count(*)::bigint as n from ${dups} group by 1`);
  for (const { id, n } of per) {
    const plan = plans.find((p) => p.id === id)!;
    plan.report.loaded -= n;
    plan.report.quarantined += n;
  }
  await conn.run(`delete from raw_${table} where (_source_id, _source_row) in (select (_source_id, _source_row) from ${dups})`);
}

/** Fills what an order line implies: line numbers in file order, amount from price, price from amount, cost from unit cost. */
async function completeOrderLines(conn: DuckDBConnection) {
  // Exports that already carry all of it (most ERP line exports) skip the rewrite.
  const [{ n }] = await all<{ n: number }>(conn, `select count(*)::bigint as n from raw_order_lines
    where line_number is null or amount is null or unit_price is null or (cost is null and unit_cost is not null)`);
  if (n === 0) return;
  await conn.run(`create or replace table raw_order_lines as
    with m as (select order_id, max(line_number) as max_line from raw_order_lines group by order_id)
    select r.* replace (
      coalesce(r.line_number, row_number() over (partition by r.order_id, r.line_number is null order by r._source_id, r._source_row)
        + coalesce(m.max_line, 0)) as line_number,
      cast(coalesce(r.amount, round(r.quantity * r.unit_price * (1 - coalesce(r.discount, 0)), 2)) as decimal(18,4)) as amount,
      cast(coalesce(r.unit_price, case when r.quantity <> 0 then r.amount / r.quantity end) as decimal(18,4)) as unit_price,
      cast(coalesce(r.cost, r.quantity * r.unit_cost) as decimal(18,4)) as cost
    )
    from raw_order_lines r left join m on r.order_id = m.order_id
    order by r._source_id, r._source_row`);
}

/**
 * Tables that no export provided are derived where other exports imply them (a flat sales-lines
 * file implies orders, customers, products and salespeople); the rest stay empty and are
 * reported missing so later stages can say which export would fill them.
 */
async function deriveTables(conn: DuckDBConnection, loaded: Set<TableName>, plans: Plan[]): Promise<TableReport[]> {
  const derive: Partial<Record<TableName, string>> = {
    orders: `insert into raw_orders by name
      select order_id, min(order_date) as order_date, first(customer_id order by _source_id, _source_row) as customer_id,
        first(salesperson_id order by _source_id, _source_row) as salesperson_id,
        first(department_id order by _source_id, _source_row) as department_id,
        case when sum(amount) < 0 then 'return' else 'sale' end as order_type,
        '(derived from order lines)' as _source
      from raw_order_lines group by order_id`,
    customers: `insert into raw_customers by name
      select customer_id, max(customer_name) as customer_name, max(province) as province, max(city) as city,
        max(region) as region, max(industry) as industry, '(derived from sales lines and opportunities)' as _source
      from (
        select customer_id, customer_name, province, city, region, industry from raw_order_lines
        union all select customer_id, null, null, null, null, null from raw_orders
        union all select customer_id, customer_name, null, null, null, null from raw_opportunities
        union all select customer_id, null, null, null, null, null from raw_invoices
      ) where customer_id is not null group by customer_id`,
    products: `insert into raw_products by name
      select product_id, max(product_name) as product_name, max(category) as category,
        '(derived from order lines)' as _source
      from raw_order_lines group by product_id`,
    salespeople: `insert into raw_salespeople by name
      select salesperson_id, max(salesperson_name) as salesperson_name, max(department_id) as department_id,
        '(derived from orders and customers)' as _source
      from (
        select salesperson_id, salesperson_name, department_id from raw_order_lines
        union all select salesperson_id, null, department_id from raw_orders
        union all select owner_id, null, null from raw_customers
        union all select salesperson_id, null, null from raw_opportunities
      ) where salesperson_id is not null group by salesperson_id`,
    departments: `insert into raw_departments by name
      select department_id, '(derived from salespeople and orders)' as _source
      from (select department_id from raw_salespeople union select department_id from raw_orders)
      where department_id is not null group by department_id`,
  };
  const out: TableReport[] = [];
  for (const t of TABLE_NAMES) {
    if (loaded.has(t) && REFERENCED[t]) await addUnknownReferences(conn, t, plans);
    let status: TableReport["status"] = loaded.has(t) ? "loaded" : "missing";
    if (!loaded.has(t) && derive[t]) {
      await conn.run(derive[t]!);
      status = "derived";
    }
    const rows = (await one<{ n: number }>(conn, `select count(*)::bigint as n from raw_${t}`)).n;
    if (status === "derived" && rows === 0) status = "missing";
    out.push({ table: t, status, rows });
  }
  return out;
}

/** A file's path inside the folder it was found in, or its name when it was given as a file. */
function displayName(file: string, sources: string[]): string {
  const inside = sources.map((s) => resolve(s)).filter((s) => file.startsWith(s + sep)).map((s) => file.slice(s.length + 1));
  return inside.sort((a, b) => a.length - b.length)[0]?.split(sep).join("/") ?? basename(file);
}

async function writeMeta(conn: DuckDBConnection, reports: SourceReport[], tables: TableReport[], mapping: Mapping, sources: string[], run: { mappingKey: string; mode: string; loadId: number }) {
  // name: the file as the reader knows it, inside the folder given (2026-10/发票.csv beside 发票.csv).
  await conn.run(`create table ingest_sources (file varchar, sheet varchar, table_name varchar, format varchar, encoding varchar,
    delimiter varchar, header_row integer, rows_read bigint, rows_loaded bigint, rows_quarantined bigint, columns json, ignored_columns json, note varchar, name varchar)`);
  // One statement for all files: a folder of two thousand exports is two thousand rows, not statements.
  if (reports.length)
    await conn.run(`insert into ingest_sources values ${reports.map((r) => `(${lit(r.file)}, ${r.sheet ? lit(r.sheet) : "null"}, ${r.table ? lit(r.table) : "null"},
      ${lit(r.format)}, ${r.encoding ? lit(r.encoding) : "null"}, ${r.delimiter ? lit(r.delimiter) : "null"}, ${r.header_row ?? "null"},
      ${r.read}, ${r.loaded}, ${r.quarantined}, ${lit(JSON.stringify(r.columns))}, ${lit(JSON.stringify(r.ignored))}, ${r.note ? lit(r.note) : "null"},
      ${lit(displayName(r.file, sources))})`).join(",\n")}`);
  await conn.run(`create table ingest_tables (table_name varchar primary key, status varchar, row_count bigint)`);
  for (const t of tables) await conn.run(`insert into ingest_tables values (${lit(t.table)}, ${lit(t.status)}, ${t.rows})`);
  await conn.run(`create table ingest_runs as select current_timestamp as finished_at, ${lit(mapping.label)} as mapping,
    ${lit(JSON.stringify(sources))}::json as sources, ${lit(run.mappingKey)} as mapping_key, ${lit(run.mode)} as mode, ${run.loadId}::bigint as load_id, ${INGEST_FORMAT}::integer as format_version`);
}

/** The quarantine as CSV with a BOM, so that Excel shows Chinese text correctly. */
/**
 * Writes quarantine.csv (UTF-8 with BOM, for Excel) into `tmpDir`, to be moved into place only
 * when the ingest succeeds. Rejected cells are text from the exports: formulas among them are
 * neutralised, as in every CSV Tierboard writes.
 */
async function writeQuarantineCsv(conn: DuckDBConnection, tmpDir: string): Promise<string> {
  const rows = resolve(tmpDir, "quarantine-rows.csv");
  const columns = ["source", "row_number", "column_name", "header", "value", "reason", "record"];
  const list = columns.map((c) => (c === "row_number" ? c : `${neutraliseFormulaSql(c)} as ${c}`)).join(", ");
  await conn.run(`copy (select ${list} from quarantine order by source, row_number, column_name) to ${lit(rows)} (header, delimiter ',')`);
  const file = resolve(tmpDir, "quarantine.csv");
  const out = createWriteStream(file);
  out.write("\ufeff");
  await pipeline(createReadStream(rows), out);
  return file;
}

const DELIMITER_NAMES: Record<string, string> = { ",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe" };

function printReport(progress: Progress, reports: SourceReport[], tables: TableReport[], quarantined: number, file: string) {
  progress.info("");
  for (const r of reports) {
    if (!r.table) {
      progress.info(`  ${sourceName(r)}: ${r.note}`);
      continue;
    }
    const how = [r.encoding, r.delimiter ? DELIMITER_NAMES[r.delimiter] ?? `"${r.delimiter}"` : null, r.header_row && r.header_row > 1 ? `header on row ${r.header_row}` : null].filter(Boolean).join(", ");
    progress.info(`  ${sourceName(r)} -> ${r.table}${how ? ` (${how})` : ""}: ${formatInt(r.read)} read, ${formatInt(r.loaded)} loaded, ${formatInt(r.quarantined)} quarantined`);
    if (r.ignored.length) progress.info(`      ignored columns: ${r.ignored.join(", ")}`);
  }
  progress.info("");
  progress.info(`  Tables: ${tables.map((t) => `${t.table} ${t.status === "missing" ? "(missing)" : `${formatInt(t.rows)}${t.status === "derived" ? " (derived)" : ""}`}`).join(", ")}`);
  if (quarantined > 0) progress.info(`  ${formatInt(quarantined)} row(s) quarantined; every one with its reason in ${file}`);
}

/** Which tables name a customer or product by id, for the check against the customer and product exports. */
const REFERENCED: Partial<Record<TableName, { key: string; from: TableName[] }>> = {
  customers: { key: "customer_id", from: ["orders", "order_lines", "invoices", "payments", "opportunities", "tickets"] },
  products: { key: "product_id", from: ["order_lines"] },
};

/**
 * Rows naming a customer or product the master export lacks are kept (dropping them would lose
 * revenue); the id gets a placeholder row so every report still adds up, and the file that named
 * it gets a note saying which ids were unknown.
 */
async function addUnknownReferences(conn: DuckDBConnection, table: TableName, plans: Plan[]) {
  const { key, from } = REFERENCED[table]!;
  const unknown = (t: TableName) => `select ${ident(key)} as id, _source_id from raw_${t}
    where ${ident(key)} is not null and ${ident(key)} not in (select ${ident(key)} from raw_${table})`;
  const rows = await all<{ _source_id: number; n: number; ids: string[] }>(conn, `
    select _source_id, count(*)::bigint as n, list(distinct id order by id)[1:5] as ids
    from (${from.map(unknown).join(" union all ")}) group by _source_id`);
  if (rows.length === 0) return;
  await conn.run(`insert into raw_${table} by name
    select distinct id as ${ident(key)}, '(placeholder: named in other exports, missing from this one)' as _source
    from (${from.map(unknown).join(" union all ")})`);
  for (const r of rows) {
    // Rows an earlier load added were noted then (their files are not among this load's plans).
    const report = plans.find((p) => p.id === r._source_id)?.report;
    if (!report) continue;
    const more = Number(r.n) > r.ids.length ? ", …" : "";
    const text = `${formatInt(Number(r.n))} ${Number(r.n) === 1 ? "row names a" : "rows name a"} ${key} not in the ${table} export (${r.ids.join(", ")}${more}), kept with a placeholder ${table.slice(0, -1)}`;
    report.note = report.note ? `${report.note}; ${text}` : text;
  }
}
