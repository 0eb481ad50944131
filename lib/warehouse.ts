/**
 * Changes to the warehouse happen on a staged copy that replaces the file only when the change
 * succeeded: readers (site builds, exports) never see a half-run warehouse, and an interrupted
 * run leaves the previous one.
 */
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { openDb, type Db } from "./duckdb.ts";
import { UserError } from "./errors.ts";

export class WarehouseError extends UserError {}

/**
 * Runs `fn` on a staged warehouse and replaces `path` with it when `fn` says commit. The staged
 * file starts as a copy of `path`, or is written by `fill` (a build ingests straight into it).
 */
export async function withStagedWarehouse<T>(
  path: string,
  fn: (db: Db) => Promise<{ commit: boolean; value: T }>,
  opts: { fill?: (staged: string) => Promise<unknown> } = {},
): Promise<T> {
  if (!opts.fill && !existsSync(path)) throw new WarehouseError(`no warehouse at ${path}: run 'npx tierboard ingest' first`);
  removeStale(path);
  const staged = `${path}.run-${process.pid}`;
  let db: Db | undefined;
  try {
    if (opts.fill) await opts.fill(staged);
    else copyFileSync(path, staged);
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

/** Whether a process is still running (EPERM: it is, but not ours). */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Removes what killed runs left behind: files and folders next to `target` named
 * `<basename>.<word>-<pid>` (our staged copies and temp folders) whose process is gone.
 */
export function removeStale(target: string) {
  const dir = dirname(target);
  if (!existsSync(dir)) return;
  const base = basename(target);
  for (const f of readdirSync(dir)) {
    const m = /\.(?:tmp|run|build|old|ingest-tmp)-(\d+)(?:\.wal)?$/.exec(f);
    if (!m || !(f.startsWith(`${base}.`) || f.startsWith(".ingest-tmp-"))) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !alive(pid)) rmSync(join(dir, f), { recursive: true, force: true });
  }
}
