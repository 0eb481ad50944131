/**
 * One writer at a time. Commands that replace the warehouse or the site hold a lock file beside
 * the warehouse; a second command stops with a message naming the first (or, asked to, waits).
 * A lock whose process is gone (killed with SIGKILL, machine restarted) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { formatDuration } from "./format.ts";
import { alive } from "./staging.ts";
import { UserError } from "./errors.ts";

export class LockError extends UserError {}

interface Holder {
  pid: number;
  command: string;
  started: string;
}

function readHolder(path: string): Holder | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Holder;
  } catch {
    return null; // being written or removed right now
  }
}

function tryTake(path: string, command: string): Holder | null {
  try {
    const fd = openSync(path, "wx");
    writeSync(fd, JSON.stringify({ pid: process.pid, command, started: new Date().toISOString() }));
    closeSync(fd);
    return null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const holder = readHolder(path);
  if (holder && !alive(holder.pid)) {
    rmSync(path, { force: true });
    return tryTake(path, command);
  }
  return holder ?? { pid: 0, command: "another command", started: new Date().toISOString() };
}

export const lockPath = (warehouse: string) => `${warehouse}.lock`;

/**
 * Runs `fn` holding the lock of `warehouse`. Without `wait`, a held lock stops with a message;
 * with it, polls until the holder finishes, saying once that it waits.
 */
export async function withLock<T>(
  warehouse: string,
  command: string,
  fn: () => Promise<T>,
  opts: { wait?: boolean; onWait?: (message: string) => void; pollMs?: number } = {},
): Promise<T> {
  const path = lockPath(warehouse);
  mkdirSync(dirname(path), { recursive: true });
  let said = false;
  for (;;) {
    const holder = tryTake(path, command);
    if (!holder) break;
    const since = formatDuration(Date.now() - Date.parse(holder.started));
    const who = `tierboard ${holder.command} (pid ${holder.pid}, running for ${since})`;
    if (!opts.wait)
      throw new LockError(`${who} is already working on ${warehouse}. Wait for it to finish, or pass --wait to start when it has.`);
    if (!said) opts.onWait?.(`Waiting for ${who} to finish…`);
    said = true;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
  const release = () => {
    if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
  };
  process.once("exit", release);
  try {
    return await fn();
  } finally {
    release();
    process.removeListener("exit", release);
  }
}
