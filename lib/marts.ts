/** Read-only access to the warehouse for Framework data loaders and exports. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { all, openDb } from "./duckdb.ts";

export const warehousePath = () => resolve(process.env.TIERBOARD_WAREHOUSE ?? "data/warehouse.duckdb");

export async function withWarehouse<T>(fn: (q: <R = Record<string, unknown>>(sql: string) => Promise<R[]>) => Promise<T>): Promise<T> {
  const path = warehousePath();
  if (!existsSync(path)) throw new Error(`no warehouse at ${path}: run 'npx tierboard ingest' first`);
  const db = await openDb(path, { readOnly: true });
  try {
    return await fn((sql) => all(db.conn, sql));
  } finally {
    db.close();
  }
}

export async function readIngestSummary() {
  return withWarehouse(async (q) => ({
    run: (await q(`select strftime(finished_at, '%Y-%m-%dT%H:%M:%S') as finished_at, mapping from ingest_runs`))[0],
    sources: await q(`select regexp_extract(file, '[^/\\\\]+$') as file, sheet, table_name, format, encoding, delimiter, header_row,
      rows_read, rows_loaded, rows_quarantined, ignored_columns::varchar as ignored_columns, note from ingest_sources order by file, sheet`),
    tables: await q(`select table_name, status, row_count from ingest_tables`),
    reasons: await q(`select source, table_name, coalesce(column_name, '(whole row)') as column_name, reason, count(*)::bigint as rows,
      min(row_number) as first_row, first(value order by row_number) as example
      from quarantine group by all order by rows desc, source limit 200`),
  }));
}

/** Runs `fn` (which reads through withWarehouse) against the warehouse at `path`. */
export async function withWarehouseAt<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.TIERBOARD_WAREHOUSE;
  process.env.TIERBOARD_WAREHOUSE = path;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.TIERBOARD_WAREHOUSE;
    else process.env.TIERBOARD_WAREHOUSE = before;
  }
}
