/**
 * Changes to the warehouse happen on a staged copy that replaces the file only when the change
 * succeeded: readers (site builds, exports) never see a half-run warehouse, and an interrupted
 * run leaves the previous one.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { openDb, type Db } from "./duckdb.ts";

export class WarehouseError extends Error {}

export async function withStagedWarehouse<T>(path: string, fn: (db: Db) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  if (!existsSync(path)) throw new WarehouseError(`no warehouse at ${path}: run 'npx tierboard ingest' first`);
  const staged = `${path}.run-${process.pid}`;
  copyFileSync(path, staged);
  let db: Db | undefined;
  try {
    db = await openDb(staged);
    const { commit, value } = await fn(db);
    if (commit) await db.conn.run("checkpoint");
    db.close();
    db = undefined;
    if (commit) {
      renameSync(staged, path);
      rmSync(`${path}.wal`, { force: true });
    }
    return value;
  } finally {
    try {
      db?.close();
    } catch {
      // already closed
    }
    rmSync(staged, { force: true });
    rmSync(`${staged}.wal`, { force: true });
  }
}
