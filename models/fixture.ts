/**
 * A small business written as exports, built through the real ingest and the real models and
 * tests of this project, for the hand-computed model tests (models/*.test.ts). A fixture may
 * bring its own seed files; then it builds a copy of the project holding them.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { expect } from "vitest";
import { openDb, queryFile } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { ingest } from "../loaders/ingest.ts";
import { loadProject } from "../runner/project.ts";
import { runModels, runTests, type ModelResult } from "../runner/run.ts";

const repo = resolve(import.meta.dirname, "..");

export interface Fixture {
  /**
   * Ingests the exports into warehouse `name` and runs every model and data test with these vars;
   * all must pass. A warehouse built before continues (only new exports read, models kept or extended).
   */
  build(vars?: Record<string, unknown>, name?: string): Promise<string>;
  /** Adds export files (paths under the export folder, such as "2025-04/orders.csv"), as a new month sends them. */
  add(files: Record<string, string>): void;
  /** What the last build did with each model. */
  models(): ModelResult[];
  query<T = Record<string, unknown>>(sql: string, warehouse: string): Promise<T[]>;
}

export function fixture(prefix: string, files: Record<string, string>, seeds: Record<string, string> = {}): Fixture {
  const root = mkdtempSync(join(tmpdir(), `tb-${prefix}-`));
  mkdirSync(join(root, "exports"));
  for (const [f, body] of Object.entries(files)) writeFileSync(join(root, "exports", f), body);
  let project = repo;
  if (Object.keys(seeds).length) {
    project = join(root, "project");
    for (const part of ["dbt_project.yml", "models", "macros", "seeds", "tests"]) cpSync(join(repo, part), join(project, part), { recursive: true });
    for (const [f, body] of Object.entries(seeds)) writeFileSync(join(project, "seeds", f), body);
  }
  let last: ModelResult[] = [];
  return {
    async build(vars = {}, name = "w") {
      const path = join(root, `${name}.duckdb`);
      await ingest({ sources: [join(root, "exports")], warehouse: path, progress: silent });
      const db = await openDb(path);
      try {
        const p = loadProject(project, vars);
        last = await runModels(db.conn, p);
        expect(last.filter((m) => m.status === "error" || m.status === "skipped")).toEqual([]);
        expect((await runTests(db.conn, p)).filter((t) => t.status === "fail" || t.status === "error")).toEqual([]);
      } finally {
        db.close();
      }
      return path;
    },
    add(more) {
      for (const [f, body] of Object.entries(more)) {
        mkdirSync(dirname(join(root, "exports", f)), { recursive: true });
        writeFileSync(join(root, "exports", f), body);
      }
    },
    models: () => last,
    query: (sql, warehouse) => queryFile(warehouse, sql),
  };
}
