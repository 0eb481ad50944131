/** Thin helpers over @duckdb/node-api: plain JS rows, and instances that close themselves. */
import { DuckDBInstance, StatementType, type DuckDBConnection } from "@duckdb/node-api";
import { UserError } from "./errors.ts";
import { ident, lit } from "./sql.ts";
import { cpus, totalmem } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export type Row = Record<string, unknown>;

const plain = (v: unknown): unknown => {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object" && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
};

/** Runs a query and returns its rows as plain objects (BIGINT as number, DECIMAL as number, DATE as Date). */
export async function all<T = Row>(conn: DuckDBConnection, sql: string): Promise<T[]> {
  // Read by column, then made into rows: the client converts a column's values about twice as fast
  // as a row's (page_growth at 10M lines, 1.1M rows: 6 s instead of 11 s with the plain values).
  const { names, columns } = await allColumns(conn, sql);
  const rows: T[] = new Array(columns[0]?.length ?? 0);
  for (let i = 0; i < rows.length; i++) {
    const row: Row = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c]![i];
    rows[i] = row as T;
  }
  return rows;
}

/** A query's result as columns of plain values, as `all` gives them (it makes them into rows). */
async function allColumns(conn: DuckDBConnection, sql: string): Promise<{ names: string[]; columns: unknown[][] }> {
  const reader = await conn.runAndReadAll(sql);
  const columns = reader.getColumnsJS() as unknown[][];
  for (const col of columns)
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (typeof v === "bigint" || (v !== null && typeof v === "object")) col[i] = plain(v);
    }
  return { names: reader.columnNames(), columns };
}

export async function one<T = Row>(conn: DuckDBConnection, sql: string): Promise<T> {
  const rows = await all<T>(conn, sql);
  if (rows.length === 0) throw new Error(`query returned no rows: ${sql.slice(0, 200)}`);
  return rows[0]!;
}

const inMain = async (conn: DuckDBConnection, name: string, type = "") =>
  (await all(conn, `select 1 from information_schema.tables where table_schema = 'main' and table_name = ${lit(name)} ${type && `and table_type = ${lit(type)}`}`)).length > 0;

/** Whether the database has a table (or view) of that name in its main schema. */
export const hasTable = (conn: DuckDBConnection, name: string): Promise<boolean> => inMain(conn, name);

/** Whether the database has a base table (not a view) of that name in its main schema: one with rowids. */
export const isBaseTable = (conn: DuckDBConnection, name: string): Promise<boolean> => inMain(conn, name, "BASE TABLE");

let gc: (() => void) | undefined;
/**
 * A full garbage collection. DuckDB frees a result's rows (its strings among them) only when V8
 * finalizes the result's JS object, and V8 does not count that memory: reading a table of large
 * strings, results of 60 MB pile up by the dozen before V8 sees a reason to collect. The same
 * switch as jest's leak detector (node:v8 setFlagsFromString, then vm's gc).
 */
export function collectGarbage() {
  gc ??= (setFlagsFromString("--expose-gc"), runInNewContext("gc") as () => void);
  gc();
}

// Slices read between two collections. At 10M lines (100,000 customer documents, 12 MB a slice)
// a collection after every slice took a third of the customer files' time (12.7 s against 9.1-10.2 s
// every 8 slices), for 720 MB of peak RSS against 770-830 MB.
const COLLECT_EVERY = 8;

/**
 * The rows of a query over one base table in the table's stored order, in slices of `size` rowids:
 * `query(range)` puts the range (a WHERE clause) on the table. The next slice is read on DuckDB's
 * threads while the caller works on the last, and the slices' results are collected every few slices.
 * Why: one scan over a table of large strings kept the blocks it had read until it ended, and
 * results were freed only when V8 next collected; reading the 1.1 GB of customer documents at 10M
 * lines took 2.2 GB that way, 0.7 GB in slices (publish/page-files.ts writeLineFiles).
 */
export async function* inRowidSlices(conn: DuckDBConnection, table: string, query: (range: string) => string, size = 1000): AsyncGenerator<unknown[][]> {
  const { last } = await one<{ last: number | null }>(conn, `select max(rowid) as last from ${ident(table)}`);
  if (last === null) return;
  const slice = (from: number) => conn.runAndReadAll(query(`where rowid >= ${from} and rowid < ${from + size}`));
  let next: ReturnType<typeof slice> | undefined = slice(0);
  try {
    for (let from = 0; from <= last; from += size) {
      const rows = await next!;
      next = from + size <= last ? slice(from + size) : undefined;
      yield rows.getRowsJS();
      if ((from / size) % COLLECT_EVERY === COLLECT_EVERY - 1) collectGarbage();
    }
  } finally {
    // A caller that stops early may query the connection next: the slice under way ends first.
    await next?.catch(() => undefined);
  }
}

/** Bytes in a DuckDB memory size ("2GB", "1500 MB", "1.8 GiB"), or undefined when it is not one. */
export function sizeInBytes(size: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(bytes|b|kb|mb|gb|tb|kib|mib|gib|tib)$/i.exec(size.trim());
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const power = { b: 0, bytes: 0, kb: 1, kib: 1, mb: 2, mib: 2, gb: 3, gib: 3, tb: 4, tib: 4 }[unit]!;
  return Number(m[1]) * (unit.includes("i") ? 1024 : 1000) ** power;
}

export interface Db {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

/**
 * DuckDB's memory limit when neither tierboard.yml (warehouse.memory_limit) nor
 * TIERBOARD_MEMORY_LIMIT sets one: half of the machine's memory, at most 1792 MB. What a process
 * holds above DuckDB's limit (memory freed and kept by glibc, JavaScript) comes on top of it: the
 * 10M-line model run (110 models, 2 threads), sampled every 0.25 s within one hour, peaked at
 * 2160-2643 MB in three runs at 1792 MB against 2581-3089 MB in four at 2 GB, in 165-175 s against
 * 161-166 s (1536 MB: 2263 MB, 176 s). Earlier curves: 2 GB as fast as 4 GB and 8 GB at 10M; at 1M
 * every limit from 1 GB gives the same run. DuckDB's own default (80%) let a 10M-line build take 13.7 GB.
 */
export const defaultMemoryLimit = () => `${Math.max(256, Math.min(1792, Math.floor(totalmem() / 2 / 1048576)))}MB`;

/** The memory limit every instance opens with: TIERBOARD_MEMORY_LIMIT (tierboard.yml's warehouse.memory_limit) or the default. */
export const memoryLimit = () => process.env.TIERBOARD_MEMORY_LIMIT || defaultMemoryLimit();

/** Opens a database file (or :memory:) with settings that suit a 2-core, few-GiB machine. */
export async function openDb(path = ":memory:", opts: { readOnly?: boolean } = {}): Promise<Db> {
  const options: Record<string, string> = {
    threads: process.env.TIERBOARD_THREADS || String(Math.max(1, cpus().length)),
    memory_limit: memoryLimit(),
    // What DuckDB frees goes back to glibc's per-thread arenas, which keep it: DuckDB returns it to
    // the system (malloc_trim) once a task has allocated this much, 128 MB by default. A 10M-line
    // model run peaked at 3551 MB with the default and 2898 MB with 8 MB, in the same time.
    allocator_flush_threshold: "8MB",
    // A bulk insert (a model's table, the ingest's raw tables) holds this many row groups before
    // writing them, 5 by default: `sales_lines` (10M rows) alone peaked at 1.66-1.69 GB with 5 and
    // 1.36 GB with 1, as fast (15.7-15.8 s against 16.4 s); `period_comparison` and
    // `int_sales_member_days` the same either way, the 10M ingest 2023 MB against 1915 MB (one pair).
    write_buffer_row_group_count: "1",
  };
  if (opts.readOnly) {
    options.access_mode = "READ_ONLY";
    // Nothing read-only fetches code: extensions that are not built in stay out.
    options.autoinstall_known_extensions = "false";
    options.autoload_known_extensions = "false";
  }
  const instance = await DuckDBInstance.create(path, options);
  const conn = await instance.connect();
  return {
    instance,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Opens a database file read-only for one query: what tests and one-off readers need. */
export async function queryFile<T = Row>(path: string, sql: string): Promise<T[]> {
  const db = await openDb(path, { readOnly: true });
  try {
    return await all<T>(db.conn, sql);
  } finally {
    db.close();
  }
}

/**
 * Checks that `sql` is one statement that only reads (a SELECT, or EXPLAIN of one): no COPY TO,
 * no ATTACH, no INSTALL or LOAD, no SET, nothing after a semicolon. Reading local files with
 * read_csv and friends stays possible, as analysts do. A statement DuckDB cannot parse or bind
 * is reported in one line.
 */
export async function assertReadOnlySql(conn: DuckDBConnection, sql: string): Promise<void> {
  let statements;
  try {
    statements = await conn.extractStatements(sql);
  } catch (e) {
    throw new UserError(firstLine(e));
  }
  if (statements.count !== 1) throw new UserError(`expected one SQL statement, got ${statements.count}: query and export run a single read-only SELECT`);
  let type: StatementType;
  try {
    type = (await statements.prepare(0)).statementType;
  } catch (e) {
    throw new UserError(firstLine(e));
  }
  if (type !== StatementType.SELECT && type !== StatementType.EXPLAIN)
    throw new UserError(`only a SELECT can run here (this is a ${StatementType[type]} statement): query and export are read-only and write no files but their --out`);
}

/** DuckDB's message without its caret diagram and hints: one line a user can act on. */
export const firstLine = (e: unknown) => (e as Error).message.split("\n").filter((l) => l.trim())[0] ?? String(e);
