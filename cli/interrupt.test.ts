/**
 * Interrupted and concurrent runs: kill ingest, run and build at points spread over their run
 * (SIGINT and SIGKILL), and check after each kill that the warehouse and the site are whole
 * and usable; then that the next run succeeds and leaves nothing behind. Two builds at once:
 * the second stops with a message, or waits with --wait.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { queryFile } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { generateSample } from "../sample/generate.ts";
import { lockPath } from "../lib/lock.ts";

const bin = resolve(import.meta.dirname, "../bin/tierboard.cjs");
const root = mkdtempSync(join(tmpdir(), "tb-kill-"));
const warehouse = join(root, "data", "warehouse.duckdb");
const dist = join(root, "site");
const [A, B] = [join(root, "a"), join(root, "b")];
const env = { ...process.env, TIERBOARD_TARGET: join(root, "target"), LANG: "en_US.UTF-8" };

function start(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args, "--warehouse", warehouse], { cwd: resolve(import.meta.dirname, ".."), env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  child.stdout.resume();
  const done = new Promise<{ code: number | null; signal: string | null; err: string }>((r) => child.on("exit", (code, signal) => r({ code, signal, err })));
  return { child, done };
}

const PAGES = ["index", "grades", "pareto", "topn", "growth", "receivables", "funnel", "customers", "customer", "explore", "models", "data-sources"];

async function lineCount(): Promise<number> {
  return (await queryFile<{ n: number }>(warehouse, "select count(*)::bigint as n from raw_order_lines"))[0]!.n;
}

/** Every page is there, and every local file a page links to exists. */
function siteIsWhole() {
  for (const p of PAGES) {
    const html = readFileSync(join(dist, `${p}.html`), "utf8");
    for (const [, ref] of html.matchAll(/(?:src|href)="(\.\/[^"#?]+)"/g)) expect(existsSync(join(dist, ref!)), `${p}.html -> ${ref}`).toBe(true);
  }
}

const leftovers = () =>
  [...readdirSync(dirname(warehouse)), ...readdirSync(root)].filter((f) => /\.(tmp|run|old|build|trash)-\d+|\.ingest-tmp-|\.lock$/.test(f));
// The site a build replaced is removed by a process of its own after the build returns (lib/staging.ts).
async function settledLeftovers() {
  for (let i = 0; i < 200 && leftovers().length; i++) await new Promise((r) => setTimeout(r, 50));
  return leftovers();
}

describe("interrupted and concurrent runs", () => {
  let counts: number[];
  beforeAll(async () => {
    await generateSample({ out: A, customers: 150, orderLines: 3000, seed: 1, progress: silent });
    await generateSample({ out: B, customers: 150, orderLines: 4000, seed: 2, progress: silent });
    const first = await start(["build", "--source", A, "--out", dist]).done;
    expect(first.code, first.err).toBe(0);
    counts = [await lineCount()];
  }, 300_000);

  // Kill points spread over each command's run; fixed so that a failure can be replayed.
  const kills: [string, number, NodeJS.Signals][] = [
    ["ingest", 300, "SIGKILL"],
    ["ingest", 1500, "SIGINT"],
    // A full refresh: a run with nothing to build reads the warehouse in place, with nothing to interrupt.
    ["run", 2500, "SIGKILL"],
    ["build", 4000, "SIGINT"],
    ["build", 9000, "SIGKILL"],
    ["build", 16000, "SIGKILL"],
    ["build", 22000, "SIGINT"],
  ];

  test("a run killed at any point leaves the previous warehouse and site whole, and the next run succeeds", async () => {
    for (const [command, ms, signal] of kills) {
      const args = command === "run" ? ["run", "--full-refresh"] : [command, "--source", B, ...(command === "build" ? ["--out", dist] : [])];
      const { child, done } = start(args);
      await new Promise((r) => setTimeout(r, ms));
      child.kill(signal);
      const r = await done;
      // A kill after the command finished is fine too; a crash is not.
      expect(r.code === 0 || r.code === 130 || r.signal === signal, `${command} ${signal} after ${ms} ms: ${r.code} ${r.err}`).toBe(true);
      if (r.code === 130) expect(r.err).toContain(`tierboard ${command}: interrupted; the previous warehouse and site are kept.`);
      await new Promise((r) => setTimeout(r, 500)); // the guard stops an orphaned site build
      const n = await lineCount();
      expect([3000, 4000], `${command} ${signal} after ${ms} ms`).toContain(n);
      siteIsWhole();
    }
    const last = await start(["build", "--source", B, "--out", dist]).done;
    expect(last.code, last.err).toBe(0);
    expect(await lineCount()).toBe(4000);
    siteIsWhole();
    expect(await settledLeftovers()).toEqual([]);
  }, 600_000);

  test("a second build stops with a message while the first runs; with --wait it runs after it", async () => {
    const first = start(["build", "--source", A, "--out", dist]);
    while (!existsSync(lockPath(warehouse))) await new Promise((r) => setTimeout(r, 50));
    const second = await start(["build", "--source", B, "--out", dist]).done;
    expect(second.code).toBe(1);
    expect(second.err).toMatch(new RegExp(`tierboard build: tierboard build \\(pid ${first.child.pid}, running for .+\\) is already working on ${warehouse.replace(/[.]/g, "\\.")}\\. Wait for it to finish, or pass --wait`));
    const third = start(["build", "--source", B, "--out", dist, "--wait"]);
    expect((await first.done).code).toBe(0);
    const t = await third.done;
    expect(t.code, t.err).toBe(0);
    expect(t.err).toMatch(/Waiting for tierboard build \(pid \d+/);
    expect(await lineCount()).toBe(4000);
    siteIsWhole();
    expect(await settledLeftovers()).toEqual([]);
  }, 600_000);
});
