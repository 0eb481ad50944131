/** Thin helpers over @duckdb/node-api: plain JS rows, and instances that close themselves. */
import { DuckDBInstance, StatementType, type DuckDBConnection } from "@duckdb/node-api";
import { UserError } from "./errors.ts";
import { cpus, totalmem } from "node:os";

export type Row = Record<string, unknown>;

const plain = (v: unknown): unknown => {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object" && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
};

/** Runs a query and returns its rows as plain objects (BIGINT as number, DECIMAL as number, DATE as Date). */
export async function all<T = Row>(conn: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((r) => plain(r) as T);
}

export async function one<T = Row>(conn: DuckDBConnection, sql: string): Promise<T> {
  const rows = await all<T>(conn, sql);
  if (rows.length === 0) throw new Error(`query returned no rows: ${sql.slice(0, 200)}`);
  return rows[0]!;
}

/** Whether the database has a table (or view) of that name in its main schema. */
export async function hasTable(conn: DuckDBConnection, name: string): Promise<boolean> {
  const rows = await all(conn, `select 1 from information_schema.tables where table_schema = 'main' and table_name = '${name.replace(/'/g, "''")}'`);
  return rows.length > 0;
}

export interface Db {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

/**
 * DuckDB's memory limit when neither tierboard.yml (warehouse.memory_limit) nor
 * TIERBOARD_MEMORY_LIMIT sets one: half of the machine's memory, at most 2 GB. From the README's
 * memory curve at 10M lines (the whole model run, 2 threads): 2 GB 336 s at 2.8 GiB peak RSS, as
 * fast as 4 GB (337 s at 5.4 GB) and 8 GB (339 s at 8.4 GB). At 1M every limit from 1 GB gives
 * the same run.
 * DuckDB's own default (80%) let a 10M-line build take 13.7 GB.
 */
export const defaultMemoryLimit = () => `${Math.max(256, Math.min(2048, Math.floor(totalmem() / 2 / 1048576)))}MB`;

/** Opens a database file (or :memory:) with settings that suit a 2-core, few-GiB machine. */
export async function openDb(path = ":memory:", opts: { readOnly?: boolean } = {}): Promise<Db> {
  const options: Record<string, string> = {
    threads: process.env.TIERBOARD_THREADS || String(Math.max(1, cpus().length)),
    memory_limit: process.env.TIERBOARD_MEMORY_LIMIT || defaultMemoryLimit(),
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
