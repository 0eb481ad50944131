import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { removeStale } from "./staging.ts";

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
