/** Thin helpers over @duckdb/node-api: plain JS rows, and instances that close themselves. */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { cpus } from "node:os";

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

export interface Db {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

/** Opens a database file (or :memory:) with settings that suit a 2-core, few-GiB machine. */
export async function openDb(path = ":memory:", opts: { readOnly?: boolean } = {}): Promise<Db> {
  const options: Record<string, string> = { threads: String(Math.max(1, cpus().length)) };
  if (opts.readOnly) options.access_mode = "READ_ONLY";
  if (process.env.TIERBOARD_MEMORY_LIMIT) options.memory_limit = process.env.TIERBOARD_MEMORY_LIMIT;
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
