import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const bin = resolve(import.meta.dirname, "../bin/tierboard.cjs");
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

  test.each(["sample", "ingest", "run", "test", "export", "query", "build", "report", "dev"])("has --help for %s", (cmd) => {
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

    // Models, tests, export; a var changes the grades.
    const wh = ["--warehouse", join(root, "w", "warehouse.duckdb")];
    const run = cli(["run", ...wh]);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/Models: \d+ OK, 0 error\(s\), 0 skipped/);
    // Nothing changed since: the next run builds nothing and reads the warehouse where it is, not a copy.
    const inode = statSync(join(root, "w", "warehouse.duckdb")).ino;
    const again = cli(["run", ...wh]);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toMatch(/Models: 0 OK, 0 error\(s\), 0 skipped, \d+ unchanged/);
    expect(again.err).toContain("Warehouse kept as it was (nothing in it changed)");
    expect(statSync(join(root, "w", "warehouse.duckdb")).ino).toBe(inode);
    const t = cli(["test", ...wh]);
    expect(t.code, t.err).toBe(0);
    expect(t.err).toMatch(/Tests: \d+ passed, 0 failed/);
    const grades = (extra: string[] = []) => {
      const r = cli(["export", "customer_grades", "--format", "csv", "--where", "period = 'T12M'", ...wh, ...extra]);
      expect(r.code, r.err).toBe(0);
      return r.out.trim().split("\n");
    };
    const before = grades();
    expect(before[0]).toMatch(/^customer_id,customer_name,period,revenue,/);
    const countA = (rows: string[]) => rows.filter((l) => l.split(",")[11] === "A").length;
    expect(cli(["run", "--vars", "{abc_a_cut: 0.5}", ...wh]).code).toBe(0);
    expect(countA(grades())).toBeLessThan(countA(before));
    // A var changes the strategy lists: a larger gap factor warns fewer customers of churn.
    const churned = () => Number(/"n": (\d+)/.exec(cli(["query", "select count(*) as n from customer_churn", "--format", "json", ...wh]).out)![1]);
    const warned = churned();
    expect(warned).toBeGreaterThan(0);
    expect(cli(["run", "--vars", "{churn_gap_factor: 3}", ...wh]).code).toBe(0);
    expect(churned()).toBeLessThan(warned);
    const out = join(root, "grades.xlsx");
    expect(cli(["export", "customer_grades", "--out", out, ...wh]).code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");
    expect(cli(["query", "select count(*) as n from pareto where rank = 1 and entity = 'customer'", "--format", "json", ...wh]).out).toMatch(/"n": \d+/);
  });

  test("rejects a selection that names no model before running anything", () => {
    const r = cli(["run", "--select", "nonexistent_model"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("tierboard run: --select nonexistent_model: no model named nonexistent_model\n");
  });
});
