import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { lockPath, withLock } from "./lock.ts";

const wh = () => join(mkdtempSync(join(tmpdir(), "tb-lock-")), "warehouse.duckdb");

describe("the warehouse lock", () => {
  test("stops a second command with a message naming the first", async () => {
    const path = wh();
    let inner: unknown;
    await withLock(path, "build", async () => {
      inner = await withLock(path, "ingest", async () => "ran").catch((e: Error) => e.message);
    });
    expect(String(inner).replace(/pid \d+, running for [^)]+/, "pid N, running for T")).toBe(
      `tierboard build (pid N, running for T) is already working on ${path}. Wait for it to finish, or pass --wait to start when it has.`,
    );
    expect(existsSync(lockPath(path))).toBe(false);
  });

  test("lets a waiting command start when the first finishes", async () => {
    const path = wh();
    const order: string[] = [];
    const messages: string[] = [];
    let release!: () => void;
    const first = withLock(path, "build", () => new Promise<void>((r) => (release = () => { order.push("first done"); r(); })));
    await new Promise((r) => setTimeout(r, 20));
    const second = withLock(path, "run", async () => order.push("second ran"), { wait: true, pollMs: 10, onWait: (m) => messages.push(m) });
    await new Promise((r) => setTimeout(r, 50));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(["first done", "second ran"]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^Waiting for tierboard build \(pid \d+, running for .+\) to finish…$/);
  });

  test("takes over a lock whose process is gone", async () => {
    const path = wh();
    const child = spawn(process.execPath, ["-e", ""]);
    const pid = child.pid!;
    await new Promise((r) => child.on("exit", r));
    writeFileSync(lockPath(path), JSON.stringify({ pid, command: "build", started: new Date().toISOString() }));
    expect(await withLock(path, "ingest", async () => "ran")).toBe("ran");
  });

  test("is released when the command fails", async () => {
    const path = wh();
    await expect(withLock(path, "run", async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    expect(existsSync(lockPath(path))).toBe(false);
  });
});
