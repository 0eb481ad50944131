import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { openDb } from "../lib/duckdb.ts";
import { loadProject } from "../runner/project.ts";
import { unzip } from "../lib/zip.ts";
import { makePageFile, PageReader, pageFileSpecs, splitDimension, type FileSpec, type Manifest } from "./page-files.ts";

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
      const reader = new PageReader(db.conn, manifest);
      expect(await reader.rows("page_customers")).toEqual([{
        id: "C1", region: "East", province: null, city: null, industry: null, size: null, source: null, type: null,
        owner: null, department: null, salesperson_id: null, department_id: null, created_month: null,
      }]);
    } finally {
      db.close();
    }
  });
});

describe("reading page models", () => {
  test("text columns that repeat a few values come out as the same strings, quotes, Chinese and nulls included, in the model's order", async () => {
    const db = await openDb();
    try {
      // 100 rows: a metric of three values and nulls (each repeated 25 times), an id of 100 values.
      await db.conn.run(`create table page_growth as select 'R' || i as id, ['revenue', 'it''s', '华东', null][i % 4 + 1] as metric from range(100) t(i) order by i desc`);
      const metrics = ["revenue", "it's", "华东", null];
      const expected = Array.from({ length: 100 }, (_, k) => 99 - k).map((i) => ({ id: `R${i}`, metric: metrics[i % 4] }));
      expect(await new PageReader(db.conn, manifest).rows("page_growth")).toEqual(expected);
      const [file] = await new PageReader(db.conn, manifest).memberFiles("page_growth", "rows.json", [], true);
      expect(JSON.parse(file!.data.toString("utf8"))).toEqual({ id: expected.map((r) => r.id), metric: expected.map((r) => r.metric) });
    } finally {
      db.close();
    }
  });
});

describe("columnar page files", () => {
  const spec = (members: Record<string, unknown>[]) => ({ name: "g.zip", members }) as unknown as FileSpec;
  const members = async (rows: string, ...member: Record<string, unknown>[]) => {
    const db = await openDb();
    try {
      await db.conn.run(`create table page_growth as ${rows}`);
      const zip = await makePageFile(spec(member), new PageReader(db.conn, manifest));
      return [...unzip(Buffer.from(zip), "g.zip")].map(([name, read]) => [name, JSON.parse(read().toString("utf8"))]);
    } finally {
      db.close();
    }
  };

  test("one file per value of the partition columns, in the order the values first come, each its rows or {column: [values]} without them, rounded as every page file", async () => {
    const rows = `select * from (values
      ('month', 'none', date '2025-01-01', 10.1234567::decimal(18,7), 3::bigint),
      ('year', 'none', date '2025-01-01', 2.5::decimal(18,7), 4::bigint),
      ('month', 'none', date '2025-02-01', 1::decimal(18,7), null)) as t(grain, breakdown, period_start, value, order_count)`;
    expect(await members(rows, { name: "{grain}-{breakdown}.json", rows: "page_growth", partition_by: ["grain", "breakdown"], columnar: true })).toEqual([
      ["month-none.json", { period_start: ["2025-01-01", "2025-02-01"], value: [10.123457, 1], order_count: [3, null] }],
      ["year-none.json", { period_start: ["2025-01-01"], value: [2.5], order_count: [4] }],
    ]);
    expect(await members(rows, { name: "{grain}.json", rows: "page_growth", partition_by: ["grain"] })).toEqual([
      ["month.json", [{ breakdown: "none", period_start: "2025-01-01", value: 10.123457, order_count: 3 }, { breakdown: "none", period_start: "2025-02-01", value: 1, order_count: null }]],
      ["year.json", [{ breakdown: "none", period_start: "2025-01-01", value: 2.5, order_count: 4 }]],
    ]);
  });

  test("a columnar file holds what the rows hold: fractions to six places, halves away from zero, what is not a number as null, -0 as 0, dates and times as their day", async () => {
    const rows = `select * from (values
      (1, 1/3, 2.0::double, 'nan'::double, date '2025-03-04', timestamp '2025-03-04 23:59:59', -0.0::double, -0.3359375),
      (2, -2.5e-7, 1e21, 'inf'::double, null, null, 12.3456786::decimal(18,7), 8932694422.19)) as t(n, third, whole, odd, day, stamp, zero, edge)`;
    const expected = {
      n: [1, 2], third: [0.333333, 0], whole: [2, 1e21], odd: [null, null],
      day: ["2025-03-04", null], stamp: ["2025-03-04", null], zero: [0, 12.345679],
      // A half (-0.3359375 is exact) rounds away from zero; a large amount keeps its cents.
      edge: [-0.335938, 8932694422.19],
    };
    const [[name, file]] = await members(rows, { name: "rows.json", rows: "page_growth", columnar: true });
    expect([name, file]).toEqual(["rows.json", expected]);
    expect(Object.is(file.zero[0], -0)).toBe(false);
    const db = await openDb();
    try {
      await db.conn.run(`create table page_growth as ${rows}`);
      const read = await new PageReader(db.conn, manifest).rows("page_growth");
      expect(Object.fromEntries(Object.keys(expected).map((k) => [k, read.map((r) => r[k])]))).toEqual(expected);
    } finally {
      db.close();
    }
  });

  test("without partition columns, one file; without rows, an empty object or no file at all", async () => {
    const none = "select 'month' as grain, 'none' as breakdown, 1.5 as value where false";
    expect(await members(none, { name: "rows.json", rows: "page_growth", columnar: true })).toEqual([["rows.json", {}]]);
    expect(await members(none, { name: "{grain}-{breakdown}.json", rows: "page_growth", partition_by: ["grain", "breakdown"], columnar: true }, { name: "rows.json", rows: "page_growth", columnar: true })).toEqual([["rows.json", {}]]);
    expect(await members("select 1.25 as value union all select 2", { name: "rows.json", rows: "page_growth", columnar: true })).toEqual([["rows.json", { value: [1.25, 2] }]]);
  });
});

describe("page files of entries", () => {
  const file = async (setup: string, entries: Record<string, unknown>) => {
    const db = await openDb();
    try {
      await db.conn.run(setup);
      const reader = new PageReader(db.conn, manifest);
      const made = await makePageFile({ name: "c.json", entries } as unknown as FileSpec, reader);
      // What JSON.stringify makes of the rows JavaScript reads (the split pages' files are made so).
      return { made: JSON.parse(String(made)), read: JSON.parse(JSON.stringify(await reader.object(entries as never))) };
    } finally {
      db.close();
    }
  };

  test("rows made as JSON by DuckDB parse to the rows JavaScript reads: in the model's order, the first `limit` of them, counted, rounded as every page file", async () => {
    const setup = `create table page_customers as select * from (values
      ('C2', 'East', 1/3, date '2025-03-04', true), ('C1', '华东 "北"', 2.0::decimal(18,4), null, false), ('C3', null, 'nan'::double, date '2025-01-01', null))
      as t(id, region, share, created, is_active); create table page_periods as select 'T12M' as period where false`;
    const { made, read } = await file(setup, { rows: { rows: "page_customers" }, first: { rows: "page_customers", limit: 2 }, total: { count: "page_customers" }, periods: "page_periods", last: { row: "page_periods" } });
    expect(made).toEqual(read);
    expect(made).toEqual({
      rows: [
        { id: "C2", region: "East", share: 0.333333, created: "2025-03-04", is_active: true },
        { id: "C1", region: '华东 "北"', share: 2, created: null, is_active: false },
        { id: "C3", region: null, share: null, created: "2025-01-01", is_active: null },
      ],
      first: [{ id: "C2", region: "East", share: 0.333333, created: "2025-03-04", is_active: true }, { id: "C1", region: '华东 "北"', share: 2, created: null, is_active: false }],
      total: 3,
      periods: [],
    });
  });
});
