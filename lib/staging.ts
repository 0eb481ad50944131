/**
 * Stage and swap, for the warehouse and the site alike: a change is written beside its target
 * (`<target>.<word>-<pid>`) and replaces it only when it succeeded, so readers never see a
 * half-written warehouse or site, and an interrupted run leaves the previous one (and what it
 * left behind is removed by the next run).
 */
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
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
  const staged = stagedPath(path, "run");
  let db: Db | undefined;
  try {
    if (opts.fill) await opts.fill(staged);
    else copyFileSync(path, staged);
    db = await openDb(staged);
    const { commit, value } = await fn(db);
    if (commit) await db.conn.run("checkpoint");
    db.close();
    db = undefined;
    if (commit) swapIn(staged, path);
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

/** Where a change to `target` is staged by this process. */
export const stagedPath = (target: string, word: "run" | "tmp" | "build") => `${target}.${word}-${process.pid}`;

/**
 * Replaces `target` (a DuckDB file or a folder) with `staged`. A file is one atomic rename. A
 * folder takes two renames back to back; a SIGKILL between them leaves the old folder under
 * `<target>.old-<pid>`, which restoreSwapped (called by removeStale) puts back.
 */
export function swapIn(staged: string, target: string) {
  if (!statSync(staged).isDirectory()) {
    renameSync(staged, target);
    rmSync(`${target}.wal`, { force: true });
    return;
  }
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(staged, target);
  rmSync(old, { recursive: true, force: true });
}

/** Puts back a folder that a run killed between swapIn's two renames left under `<target>.old-<pid>`. */
export function restoreSwapped(target: string) {
  if (existsSync(target) || !existsSync(dirname(target))) return;
  const prefix = `${basename(target)}.old-`;
  const left = readdirSync(dirname(target)).find((f) => f.startsWith(prefix) && existsSync(join(dirname(target), f, "index.html")));
  if (left) renameSync(join(dirname(target), left), target);
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
  restoreSwapped(target);
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
