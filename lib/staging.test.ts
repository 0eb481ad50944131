import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { markSite, removeStale, swapIn } from "./staging.ts";

test("removeStale clears what killed runs left, and nothing of live ones or others", () => {
  const dir = mkdtempSync(join(tmpdir(), "tb-stale-"));
  const dead = 2 ** 22 + 12345; // beyond pid_max on Linux: no such process
  const files = [`warehouse.duckdb.tmp-${dead}`, `warehouse.duckdb.run-${dead}.wal`, `warehouse.duckdb.build-${process.pid}`, `warehouse.duckdb`, `other.tmp-${dead}`];
  for (const f of files) writeFileSync(join(dir, f), "x");
  mkdirSync(join(dir, `.ingest-tmp-${dead}`));
  removeStale(join(dir, "warehouse.duckdb"));
  expect(files.filter((f) => existsSync(join(dir, f)))).toEqual([`warehouse.duckdb.build-${process.pid}`, "warehouse.duckdb", `other.tmp-${dead}`]);
  expect(existsSync(join(dir, `.ingest-tmp-${dead}`))).toBe(false);
});

test("a site replaced by swapIn is removed by a process of its own: the new site is in place when swapIn returns, and the old one is gone soon after", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tb-swap-"));
  const site = join(dir, "dist");
  const staged = join(dir, `dist.tmp-${process.pid}`);
  for (const [folder, text] of [[site, "old"], [staged, "new"]] as const) {
    mkdirSync(join(folder, "customers"), { recursive: true });
    writeFileSync(join(folder, "index.html"), text);
    markSite(folder);
    for (let i = 0; i < 500; i++) writeFileSync(join(folder, "customers", `${i}.json`), `${text} ${i}`);
  }
  swapIn(staged, site);
  expect(readFileSync(join(site, "index.html"), "utf8")).toBe("new");
  expect(readFileSync(join(site, "customers", "7.json"), "utf8")).toBe("new 7");
  // Beside the site, only the old one under the name of the process removing it (not this one).
  const beside = readdirSync(dir).filter((f) => f !== "dist");
  expect(beside).toHaveLength(1);
  const remover = Number(/^dist\.trash-(\d+)$/.exec(beside[0]!)?.[1]);
  expect(remover).not.toBe(process.pid);
  for (let i = 0; i < 400 && readdirSync(dir).length > 1; i++) await new Promise((r) => setTimeout(r, 25));
  expect(readdirSync(dir)).toEqual(["dist"]);
});

test("removeStale leaves a site a live process is removing, and removes one whose remover is gone", () => {
  const dir = mkdtempSync(join(tmpdir(), "tb-trash-"));
  const dead = 2 ** 22 + 12345;
  for (const f of [`dist.trash-${dead}`, `dist.trash-${process.pid}`]) mkdirSync(join(dir, f, "customers"), { recursive: true });
  mkdirSync(join(dir, "dist"));
  removeStale(join(dir, "dist"));
  expect(readdirSync(dir).sort()).toEqual(["dist", `dist.trash-${process.pid}`]);
});
