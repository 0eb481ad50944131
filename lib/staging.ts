/**
 * Stage and swap, for the warehouse and the site alike: a change is written beside its target
 * (`<target>.<word>-<pid>`) and replaces it only when it succeeded, so readers never see a
 * half-written warehouse or site, and an interrupted run leaves the previous one (and what it
 * left behind is removed by the next run).
 */
import { spawn } from "node:child_process";
import { accessSync, closeSync, constants, copyFileSync, existsSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { openDb, type Db } from "./duckdb.ts";
import { UserError } from "./errors.ts";

export class WarehouseError extends UserError {}

/**
 * Copies a warehouse file for staging. Where the filesystem can clone a file (APFS, Btrfs, XFS) the
 * copy shares the blocks and is instant; elsewhere (ext4) it is a plain copy, 16 s for 3.5 GB.
 */
export const copyWarehouse = (from: string, to: string) => copyFileSync(from, to, constants.COPYFILE_FICLONE);

/**
 * Runs `fn` on a staged warehouse and replaces `path` with it when `fn` says commit. The staged
 * file starts as a copy of `path`, or is written by `fill` (a build ingests straight into it).
 */
export async function withStagedWarehouse<T>(
  path: string,
  fn: (db: Db) => Promise<{ commit: boolean; value: T }>,
  opts: { fill?: (staged: string) => Promise<unknown> } = {},
): Promise<T> {
  assertReplaceable(path, "warehouse");
  if (!opts.fill && !existsSync(path)) throw new WarehouseError(`no warehouse at ${path}: run 'npx tierboard ingest' first`);
  removeStale(path);
  const staged = stagedPath(path, "run");
  let db: Db | undefined;
  try {
    if (opts.fill) await opts.fill(staged);
    else copyWarehouse(path, staged);
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

/** The file Tierboard writes at the top of every site it builds: only such a folder is replaced. */
export const SITE_MARKER = ".tierboard-site";

/** Whether `path` is a DuckDB database file (its header carries DUCK at byte 8). */
export function isDuckDbFile(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(12);
    return readSync(fd, head, 0, 12, 0) === 12 && head.toString("latin1", 8, 12) === "DUCK";
  } finally {
    closeSync(fd);
  }
}

/** A folder Tierboard built: it carries the marker (or, from before the marker, Framework's output with our chart exports). */
export const isTierboardSite = (dir: string) =>
  existsSync(join(dir, SITE_MARKER)) || (existsSync(join(dir, "_observablehq")) && existsSync(join(dir, "exports", "index.json")));

/**
 * Refuses to let a run replace what it was not asked to: a warehouse path must be a DuckDB file
 * (or not exist yet, in a folder that can be written), a site folder must be empty or a site
 * Tierboard wrote. Call before any work, so nothing is spent or changed on a wrong path.
 */
export function assertReplaceable(target: string, kind: "warehouse" | "site") {
  const what = kind === "warehouse" ? "--warehouse" : "--out";
  const parent = dirname(target);
  if (/^\/(proc|sys|dev)(\/|$)/.test(target))
    throw new WarehouseError(`${target} is under /${target.split("/")[1]}, a system folder: choose a ${kind} path in your project (${what})`);
  for (let dir = parent; ; dir = dirname(dir)) {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new WarehouseError(`${target} cannot be written: ${dir} is a file, not a folder (${what})`);
      try {
        accessSync(dir, constants.W_OK);
      } catch {
        throw new WarehouseError(`${target} cannot be written: ${dir} is read-only for this user; choose a folder you can write to (${what})`);
      }
      break;
    }
    if (dirname(dir) === dir) break;
  }
  if (!existsSync(target)) return;
  const st = statSync(target);
  if (kind === "warehouse") {
    if (st.isDirectory()) throw new WarehouseError(`${target} is a folder, not a DuckDB file: give ${what} a file path such as ${join(target, "warehouse.duckdb")}`);
    if (!st.isFile() || !isDuckDbFile(target))
      throw new WarehouseError(`${target} is not a DuckDB database (it may be an export); Tierboard will not overwrite it: choose another ${what}`);
  } else {
    if (!st.isDirectory()) throw new WarehouseError(`${target} is a file, not a site folder: choose another ${what}`);
    if (readdirSync(target).length && !isTierboardSite(target))
      throw new WarehouseError(`${target} is not empty and is not a site Tierboard built; Tierboard replaces only its own sites: choose an empty or new folder for ${what}`);
  }
}

/** Marks a staged site folder as Tierboard's, so a later build may replace it. */
export const markSite = (dir: string) => writeFileSync(join(dir, SITE_MARKER), "A site built by Tierboard: `tierboard build` replaces this folder.\n");

/** Where a change to `target` is staged by this process. */
export const stagedPath = (target: string, word: "run" | "tmp" | "build") => `${target}.${word}-${process.pid}`;

/**
 * Replaces `target` (a DuckDB file or a folder) with `staged`. A file is one atomic rename. A
 * folder takes two renames back to back; a SIGKILL between them leaves the old folder under
 * `<target>.old-<pid>`, which restoreSwapped (called by removeStale) puts back. The folder replaced
 * is removed by a process of its own (removeInBackground).
 */
export function swapIn(staged: string, target: string) {
  const folder = statSync(staged).isDirectory();
  assertReplaceable(target, folder ? "site" : "warehouse");
  if (!folder) {
    renameSync(staged, target);
    rmSync(`${target}.wal`, { force: true });
    return;
  }
  const old = `${target}.old-${process.pid}`;
  const replacing = existsSync(target);
  if (replacing) renameSync(target, old);
  renameSync(staged, target);
  if (replacing) removeInBackground(old, target);
}

// Run by `node -e`: removes `<target>.trash-<its pid>`, which swapIn names after it has started.
const REMOVER = `const fs = require("node:fs");
const trash = process.argv[1] + ".trash-" + process.pid;
const deadline = Date.now() + 10000;
const wait = () => {
  if (fs.existsSync(trash)) fs.rmSync(trash, { recursive: true, force: true });
  else if (Date.now() < deadline) setTimeout(wait, 20);
};
wait();`;

/**
 * Removes a replaced site in a process of its own, which the command does not wait for: the new
 * site is in place already. Freeing a site's blocks can take half a minute (the 10M sample's site,
 * 100,000 customer files and 1.6 GB: 31-34 s on a disk mounted with `discard`, which trims blocks
 * as they are freed, against 1.3 s to unlink the same files as hard links). The folder is renamed
 * `<target>.trash-<the remover's pid>` here, before the command returns, until it is gone;
 * removeStale leaves it while the remover runs, and removes what a remover that was killed (or
 * never started) left. (The warehouse's file is still freed by the rename that replaces it: done
 * in the background too, its 7 s at 10M only moved into the site's steps, which share the disk.)
 */
function removeInBackground(old: string, target: string) {
  const child = spawn(process.execPath, ["-e", REMOVER, target], { detached: true, stdio: "ignore" });
  child.on("error", () => {}); // never started: removed here instead
  child.unref();
  if (child.pid === undefined) rmSync(old, { recursive: true, force: true });
  else renameSync(old, `${target}.trash-${child.pid}`);
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
    const m = /\.(?:tmp|run|build|old|trash|ingest-tmp)-(\d+)(?:\.wal)?$/.exec(f);
    if (!m || !(f.startsWith(`${base}.`) || f.startsWith(".ingest-tmp-"))) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !alive(pid)) rmSync(join(dir, f), { recursive: true, force: true });
  }
}
