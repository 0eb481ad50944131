import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const bin = resolve(import.meta.dirname, "../bin/tierboard.js");
const cli = (args: string[], cwd = process.cwd()) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, LANG: "en_US.UTF-8" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe("the tierboard command", () => {
  test("lists its commands", () => {
    const r = cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Commands:\n\s+sample\s+write a realistic.*\n\s+ingest\s+read exports/);
  });

  test.each(["sample", "ingest"])("has --help for %s", (cmd) => {
    const r = cli([cmd, "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: tierboard ${cmd}`);
    expect(r.out).toContain("--help");
  });

  test("rejects an unknown command and an unknown option without a stack trace", () => {
    expect(cli(["frobnicate"])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "frobnicate"') });
    const r = cli(["ingest", "--sauce", "x"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("Unknown option '--sauce'");
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test("names a missing source without a stack trace", () => {
    const r = cli(["ingest", "--source", "/nonexistent/exports"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("tierboard ingest: /nonexistent/exports: no such file or folder\n");
  });

  test("generates a sample twice identically, then ingests it with the counts adding up", () => {
    const root = mkdtempSync(join(tmpdir(), "tb-cli-"));
    const args = ["--customers", "200", "--order-lines", "3000", "--seed", "7"];
    expect(cli(["sample", "--out", join(root, "a"), ...args]).code).toBe(0);
    expect(cli(["sample", "--out", join(root, "b"), ...args]).code).toBe(0);
    for (const f of readdirSync(join(root, "a"))) expect(readFileSync(join(root, "b", f)).equals(readFileSync(join(root, "a", f))), f).toBe(true);
    const r = cli(["ingest", "--source", join(root, "a"), "--warehouse", join(root, "w", "warehouse.duckdb")]);
    expect(r.code).toBe(0);
    const lines = [...r.err.matchAll(/-> (\w+).*: ([\d,]+) read, ([\d,]+) loaded, ([\d,]+) quarantined/g)];
    expect(lines.map((m) => m[1]).sort()).toEqual(["customers", "departments", "invoices", "opportunities", "order_lines", "orders", "payments", "products", "salespeople", "targets", "tickets"]);
    const n = (s: string) => Number(s.replace(/,/g, ""));
    for (const m of lines) expect(n(m[2]!)).toBe(n(m[3]!) + n(m[4]!));
    expect(lines.find((m) => m[1] === "order_lines")![3]).toBe("3,000");
  });
});
