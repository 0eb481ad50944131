import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { openDb, all } from "../lib/duckdb.ts";
import { loadProject } from "../runner/project.ts";
import { PageReader, pageFileSpecs, splitDimension, type Manifest } from "./page-files.ts";

const repo = resolve(import.meta.dirname, "..");
const project = loadProject(repo);
const manifest = { vars: project.vars, nodes: [...project.nodes.values()], exposures: project.exposures } as unknown as Manifest;

describe("the page files", () => {
  test("every data loader in src/data writes a file an exposure describes, and every such file has its loader", () => {
    const dir = join(repo, "src/data");
    const loaders = readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, ""));
    const specs = [...pageFileSpecs(manifest).entries()].filter(([, s]) => !("lines" in s)).map(([name]) => name);
    expect(loaders.sort()).toEqual(specs.sort());
    for (const f of loaders) expect(readFileSync(join(dir, `${f}.ts`), "utf8")).toContain(`loaderOutput("${f}")`);
  });

  test("every exposure depends on each page model its files read", () => {
    for (const e of project.exposures) {
      const used = JSON.stringify(e.meta).match(/page_[a-z0-9_]+/g) ?? [];
      for (const m of used) expect(e.refs, `${e.name} reads ${m}`).toContain(m);
    }
  });

  test("splitting a page's data moves one dimension's rows out, but keeps the segment list whole", () => {
    const data = {
      periods: [{ period: "T12M" }],
      segments: [{ dimension: "salesperson", member: "S1", label: "Wang" }, { dimension: "region", member: "East", label: "East" }],
      kpi: [{ dimension: "none", member: "all" }, { dimension: "salesperson", member: "S1" }, { dimension: "region", member: "East" }],
    };
    const { main, split } = splitDimension(data, "salesperson");
    expect(main.segments).toHaveLength(2);
    expect((main.kpi as { dimension: string }[]).map((r) => r.dimension)).toEqual(["none", "region"]);
    expect(split).toEqual({ kpi: [{ dimension: "salesperson", member: "S1" }] });
    expect(main.periods).toEqual(data.periods);
  });
});

describe("published customer columns", () => {
  afterEach(() => {
    delete process.env.TIERBOARD_CONFIG;
  });

  test("a column whose meta names an unpublished customer field comes out null, whatever the model wrote", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tb-publish-"));
    writeFileSync(join(dir, "tierboard.yml"), "publish:\n  customer_fields: [region]\n");
    process.env.TIERBOARD_CONFIG = join(dir, "tierboard.yml");
    const db = await openDb();
    try {
      // A model that ignored the var and wrote every column.
      await db.conn.run(`create table page_customers as select 'C1' as id, 'East' as region, 'Jiangsu' as province, 'Wuxi' as city, 'Machinery' as industry,
        '100-500' as size, 'fair' as source, 'end user' as type, 'Wang' as owner, 'East sales' as department, 'S1' as salesperson_id, 'D1' as department_id, '2024-01' as created_month`);
      const reader = new PageReader((sql) => all(db.conn, sql), manifest);
      expect(await reader.rows("page_customers")).toEqual([{
        id: "C1", region: "East", province: null, city: null, industry: null, size: null, source: null, type: null,
        owner: null, department: null, salesperson_id: null, department_id: null, created_month: null,
      }]);
    } finally {
      db.close();
    }
  });
});
