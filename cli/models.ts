/** `tierboard run`, `test`, `export` and `query`: the model runner and the warehouse, from the command line. */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { all, assertReadOnlySql, firstLine, openDb, type Db } from "../lib/duckdb.ts";
import { UserError } from "../lib/errors.ts";
import { formatDuration, formatInt } from "../lib/format.ts";
import { Progress } from "../lib/progress.ts";
import { isDuckDbFile, withStagedWarehouse } from "../lib/staging.ts";
import { xlsxBuffer } from "../lib/xlsx-writer.ts";
import { ident, lit, neutraliseFormulaSql } from "../lib/sql.ts";
import { ProjectError, type Project } from "../runner/project.ts";
import { loadCheckedProject } from "./vars.ts";
import { modelsToBuild, runModels, runTests, testsToRun, type ModelResult, type TestResult } from "../runner/run.ts";
import { select } from "../runner/graph.ts";

export const PROJECT_ROOT = ".";
import { targetDir } from "../lib/config.ts";


const pad = (s: string, n: number) => (s.length >= n ? s : s + " " + ".".repeat(n - s.length - 1));

function printModel(progress: Progress, r: ModelResult, i: number, total: number) {
  const head = `  ${String(i + 1).padStart(String(total).length)} of ${total}`;
  if (r.status === "success")
    progress.info(`${head} ${r.mode === "incremental" ? "ADDED" : "OK   "} ${pad(r.name, 34)} ${r.rows === null ? "view".padStart(14) : `${formatInt(r.rows)} rows`.padStart(14)}  ${formatDuration(r.ms)}`);
  else if (r.status === "unchanged") progress.info(`${head} SAME  ${r.name}`);
  else if (r.status === "skipped") progress.info(`${head} SKIP  ${r.name} (${r.error})`);
  else progress.info(`${head} ERROR ${r.name}\n      ${r.error!.replace(/\n/g, "\n      ")}`);
}

function printTest(progress: Progress, r: TestResult, i: number, total: number) {
  const head = `  ${String(i + 1).padStart(String(total).length)} of ${total}`;
  const label = `${r.name} ${r.model}${r.column ? `.${r.column}` : ""}${r.newRowsOnly ? " (its new rows)" : ""}`;
  const word = { pass: "PASS ", fail: "FAIL ", warn: "WARN ", error: "ERROR" }[r.status];
  if (r.status === "pass") progress.info(`${head} ${word} ${label}`);
  else progress.info(`${head} ${word} ${label}: ${r.message}`);
}

export interface PipelineResult {
  models: ModelResult[];
  tests: TestResult[];
}

/**
 * The models whose tests follow a run: those it built, as a kept model's tests stand as they were;
 * undefined (every test) after a full refresh or when no models ran.
 */
const testedModels = (opts: { models: boolean; fullRefresh?: boolean }, models: ModelResult[]) =>
  opts.models && !opts.fullRefresh ? new Set(models.filter((m) => m.status === "success").map((m) => m.name)) : undefined;

type PipelineOptions = { select?: string; tests: boolean; models: boolean; fullRefresh?: boolean; progress: Progress };

/** Runs models (and optionally tests) on an open database; used by `run`, `test` and `build`. */
export async function runPipeline(db: Db, project: Project, opts: PipelineOptions): Promise<PipelineResult> {
  const { progress } = opts;
  let models: ModelResult[] = [];
  let tests: TestResult[] = [];
  select(project, opts.select); // a bad selection is reported before anything runs
  if (opts.models) {
    const t0 = performance.now();
    progress.info(`Running models from ${resolve(project.root)}`);
    models = await runModels(db.conn, project, { select: opts.select, targetDir: targetDir(), fullRefresh: opts.fullRefresh, onResult: (r, i, n) => printModel(progress, r, i, n) });
    const count = (s: ModelResult["status"]) => models.filter((m) => m.status === s).length;
    const added = models.filter((m) => m.mode === "incremental").length;
    const errors = count("error");
    const unchanged = count("unchanged");
    progress.info(
      `Models: ${count("success")} OK${added ? ` (${added} by adding new rows only)` : ""}, ${errors} error(s), ${count("skipped")} skipped` +
        `${unchanged ? `, ${unchanged} unchanged (SQL and inputs as at their last build)` : ""} in ${formatDuration(performance.now() - t0)}`,
    );
    if (errors) return { models, tests };
  }
  if (opts.tests) {
    const t0 = performance.now();
    const built = testedModels(opts, models);
    const grown = new Map(models.flatMap((m) => (built?.has(m.name) && m.grown ? [[m.name, m.grown] as const] : [])));
    tests = await runTests(db.conn, project, { select: opts.select, built, grown, onResult: (r, i, n) => printTest(progress, r, i, n) });
    const count = (s: TestResult["status"]) => tests.filter((t) => t.status === s).length;
    const chosen = select(project, opts.select);
    const all = project.tests.filter((t) => chosen.has(t.model)).length + project.singularTests.filter((t) => t.refs.some((r) => chosen.has(r))).length;
    const newRows = tests.filter((t) => t.newRowsOnly).length;
    const notes = [
      newRows ? `${newRows} on the rows the run added only: the earlier rows passed them before` : "",
      built && all > tests.length ? `${all - tests.length} of models kept as they were not run again: their last results stand` : "",
    ].filter(Boolean);
    progress.info(`Tests: ${count("pass")} passed, ${count("fail")} failed, ${count("warn")} warned, ${count("error")} errored in ${formatDuration(performance.now() - t0)}${notes.length ? ` (${notes.join("; ")})` : ""}`);
  }
  return { models, tests };
}

/**
 * Whether runPipeline would write to the warehouse: a model to build, or a test to run (after
 * building none, the tests new or edited since their last result; every test when no models run).
 * When not, it can run on a read-only warehouse.
 */
async function pipelineWouldWrite(db: Db, project: Project, opts: Omit<PipelineOptions, "progress">): Promise<boolean> {
  if (opts.models && (await modelsToBuild(db.conn, project, opts)).length > 0) return true;
  return opts.tests && (await testsToRun(db.conn, project, { select: opts.select, built: testedModels(opts, []) })).length > 0;
}

/**
 * runPipeline on the warehouse where it is, read-only, when it would write nothing (every model
 * as at its last build, no test new or edited): the staged copy and its swap were most of such a
 * run (a 5 GB warehouse at 10M lines: a build with nothing new 13.3 s against 6.8-8.7 s).
 * Undefined when something is to be written, for the caller to stage. `first` runs between the
 * question and the pipeline (a build's ingest report), each on its own read-only instance: two
 * instances of one file in one process would share its lock, which the first to close releases.
 */
export async function runPipelineInPlace(warehouse: string, project: Project, opts: PipelineOptions, first?: () => Promise<unknown>): Promise<PipelineResult | undefined> {
  if (!existsSync(warehouse) || !statSync(warehouse).isFile() || !isDuckDbFile(warehouse)) return undefined;
  const check = await openDb(warehouse, { readOnly: true });
  try {
    if (await pipelineWouldWrite(check, project, opts)) return undefined;
  } finally {
    check.close();
  }
  await first?.();
  const db = await openDb(warehouse, { readOnly: true });
  try {
    return await runPipeline(db, project, opts);
  } finally {
    db.close();
  }
}

/** What became of the warehouse, as `run` and `build` say it. */
export const warehouseOutcome = (warehouse: string, kept: boolean | undefined) =>
  kept ? `Warehouse kept as it was (nothing in it changed): ${warehouse}` : `Warehouse replaced: ${warehouse}`;

export const pipelineFailed = (r: PipelineResult) =>
  r.models.some((m) => m.status === "error" || m.status === "skipped") || r.tests.some((t) => t.status === "fail" || t.status === "error");

export async function runCommand(opts: { warehouse: string; select?: string; vars?: string; tests: boolean; models: boolean; fullRefresh?: boolean }): Promise<number> {
  const progress = new Progress();
  const project = loadCheckedProject(PROJECT_ROOT, opts.vars);
  select(project, opts.select);
  const warehouse = resolve(opts.warehouse);
  // A run that would change nothing reads the warehouse where it is.
  const inPlace = await runPipelineInPlace(warehouse, project, { ...opts, progress });
  if (inPlace) progress.info(warehouseOutcome(warehouse, true));
  const result =
    inPlace ??
    (await withStagedWarehouse(warehouse, async (db) => {
      const r = await runPipeline(db, project, { ...opts, progress });
      // Tests alone still record their results.
      return { commit: !opts.models || !r.models.some((m) => m.status === "error"), value: r };
    }));
  if (opts.models && result.models.some((m) => m.status === "error"))
    progress.info(`The warehouse was not changed: fix the error(s) above and run again.`);
  return pipelineFailed(result) ? 1 : 0;
}

type Format = "csv" | "json" | "parquet" | "xlsx";

/** Dates as ISO text (date only at midnight UTC), everything else as it is. */
function plainValue(v: unknown): unknown {
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
  }
  return v;
}

function pickFormat(format: string | undefined, out: string | undefined): Format {
  const f = (format ?? (out ? extname(out).slice(1) : "csv")).toLowerCase();
  if (f === "csv" || f === "json" || f === "parquet" || f === "xlsx") return f;
  throw new ProjectError(`unknown format "${f}": expected csv, json, parquet or xlsx`);
}

/** The query with its text columns made safe to open in a spreadsheet (lib/formula.ts). */
async function withTextNeutralised(db: Db, sql: string): Promise<string> {
  const cols = await all<{ column_name: string; column_type: string }>(db.conn, `describe select * from (${sql})`);
  if (!cols.some((c) => c.column_type === "VARCHAR")) return sql;
  const list = cols.map((c) => (c.column_type === "VARCHAR" ? `${neutraliseFormulaSql(ident(c.column_name))} as ${ident(c.column_name)}` : ident(c.column_name)));
  return `select ${list.join(", ")} from (${sql})`;
}

/** Writes a query's rows to a file or stdout. CSV gets a BOM in files, so Excel reads Chinese text. */
export async function exportQuery(opts: { warehouse: string; sql: string; format?: string; out?: string }): Promise<number> {
  const format = pickFormat(opts.format, opts.out);
  if (!opts.out && (format === "parquet" || format === "xlsx")) throw new ProjectError(`--format ${format} needs --out FILE`);
  const warehouse = resolve(opts.warehouse);
  if (!existsSync(warehouse) || !statSync(warehouse).isFile()) throw new ProjectError(`no warehouse at ${warehouse}: run 'npx tierboard build' (or ingest and run) first, or pass --warehouse`);
  if (!isDuckDbFile(warehouse)) throw new ProjectError(`${warehouse} is not a DuckDB database: pass the warehouse with --warehouse`);
  if (opts.out) {
    const out = resolve(opts.out);
    if (out === warehouse || (existsSync(out) && statSync(out).isFile() && isDuckDbFile(out)))
      throw new ProjectError(`--out ${out} is ${out === warehouse ? "the warehouse" : "a DuckDB database"}; export will not overwrite it: choose another file`);
    if (existsSync(out) && statSync(out).isDirectory()) throw new ProjectError(`--out ${out} is a folder: give a file name, e.g. ${join(out, "export." + format)}`);
  }
  const db = await openDb(warehouse, { readOnly: true });
  try {
    await assertReadOnlySql(db.conn, opts.sql);
    return await writeRows(db, opts.sql, format, opts.out);
  } catch (e) {
    // The analyst's SQL failed while running (a conversion, a missing file): one line, not a stack.
    if (e instanceof UserError) throw e;
    throw new ProjectError(firstLine(e));
  } finally {
    db.close();
  }
}

/** Writes the rows of a checked read-only query to `out`, or to stdout. */
async function writeRows(db: Db, query: string, format: Format, out: string | undefined): Promise<number> {
  if (out) mkdirSync(dirname(resolve(out)), { recursive: true });
  if (format === "xlsx") {
    const rows = await all(db.conn, query);
    const cols = rows.length ? Object.keys(rows[0]!) : (await all<{ column_name: string }>(db.conn, `describe ${query}`)).map((c) => c.column_name);
    const cell = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : typeof v === "number" ? v : typeof v === "object" ? JSON.stringify(v) : String(v));
    writeFileSync(resolve(out!), xlsxBuffer([{ name: "data", rows: [cols, ...rows.map((r) => cols.map((c) => cell(r[c])))] }]));
    return 0;
  }
  // CSV is what spreadsheets open: its text cells must not run as formulas.
  const sql = format === "csv" ? await withTextNeutralised(db, query) : query;
  if (out) {
    const fmt = format === "csv" ? "(format csv, header)" : format === "json" ? "(format json, array true)" : "(format parquet)";
    const target = resolve(out);
    await db.conn.run(`copy (${sql}) to ${lit(format === "csv" ? target + ".tmp" : target)} ${fmt}`);
    if (format === "csv") {
      writeFileSync(target, Buffer.concat([Buffer.from("\ufeff"), readFileSync(target + ".tmp")]));
      rmSync(target + ".tmp");
    }
    return 0;
  }
  const raw = await all(db.conn, sql);
  const cols = raw.length ? Object.keys(raw[0]!) : (await all<{ column_name: string }>(db.conn, `describe ${sql}`)).map((c) => c.column_name);
  const rows = raw.map((r) => Object.fromEntries(cols.map((c) => [c, plainValue(r[c])])));
  if (format === "json") process.stdout.write(JSON.stringify(rows, null, 1) + "\n");
  else {
    const esc = (v: unknown) => {
      const s = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    process.stdout.write([cols.join(","), ...rows.map((r) => cols.map((c) => esc(r[c])).join(","))].join("\n") + "\n");
  }
  return 0;
}
