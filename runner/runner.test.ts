import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { all, openDb, type Db } from "../lib/duckdb.ts";
import { select, topoOrder } from "./graph.ts";
import { loadProject } from "./project.ts";
import { runModels, runTests } from "./run.ts";

/** Writes a small dbt project; `files` maps paths to contents. */
function project(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "tb-dbt-"));
  const all = {
    "dbt_project.yml": "name: t\nvars:\n  factor: 2\nmodels:\n  t:\n    +materialized: view\n    marts:\n      +materialized: table\n",
    "models/src.yml": "version: 2\nsources:\n  - name: raw\n    tables:\n      - {name: items, identifier: raw_items}\n",
    ...files,
  };
  for (const [path, body] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), body);
  }
  return root;
}

let db: Db;
beforeEach(async () => {
  db = await openDb();
  await db.conn.run("create table raw_items as select * from (values (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)) t(id, name, amount)");
});
afterEach(() => db.close());

const chain = {
  "models/staging/stg_items.sql": "select id, name, amount * {{ var('factor') }} as amount from {{ source('raw', 'items') }}",
  "models/marts/big_items.sql": "select * from {{ ref('stg_items') }} where amount > {{ var('min', 30) }}",
  "models/marts/item_count.sql": "{{ config(materialized='view') }}\nselect count(*) as n from {{ ref('big_items') }}",
};

describe("compiling", () => {
  test("resolves source(), ref(), var() with defaults, and config() / folder materialization", () => {
    const p = loadProject(project(chain));
    const big = p.nodes.get("big_items")!;
    expect(big.compiled).toBe('select * from "main"."stg_items" where amount > 30');
    expect(big.refs).toEqual(["stg_items"]);
    expect(p.nodes.get("stg_items")!.compiled).toBe('select id, name, amount * 2 as amount from "main"."raw_items"');
    expect([...p.nodes.values()].map((n) => [n.name, n.materialized])).toEqual([
      ["big_items", "table"],
      ["item_count", "view"],
      ["stg_items", "view"],
    ]);
  });

  test("reads a model's and a column's Chinese description from meta, under config as dbt 1.10 puts it or beside it", () => {
    const p = loadProject(project({
      ...chain,
      "models/marts/docs.yml": [
        "version: 2",
        "models:",
        "  - name: big_items",
        "    description: Items over the minimum.",
        "    config:",
        "      meta:",
        "        description_zh: 超过最小值的项目。",
        "    columns:",
        "      - name: amount",
        "        description: Amount.",
        "        meta: {description_zh: 金额。, unit: yuan}",
        "      - name: name",
        "        description: Name.",
        "  - name: item_count",
        "    description: How many.",
        "    meta: {description_zh: 数量。}",
      ].join("\n"),
    }));
    const big = p.nodes.get("big_items")!;
    expect([big.description, big.description_zh]).toEqual(["Items over the minimum.", "超过最小值的项目。"]);
    expect(big.columns).toEqual([
      { name: "amount", description: "Amount.", description_zh: "金额。", meta: { description_zh: "金额。", unit: "yuan" } },
      { name: "name", description: "Name." },
    ]);
    expect(p.nodes.get("item_count")!.description_zh).toBe("数量。");
    expect(p.nodes.get("stg_items")!.description_zh).toBeUndefined();
  });

  test("says which file has a Chinese description that is not text", () => {
    const root = project({ ...chain, "models/marts/docs.yml": "version: 2\nmodels:\n  - name: big_items\n    config: {meta: {description_zh: [a, b]}}\n" });
    expect(() => loadProject(root)).toThrow(/models\/marts\/docs\.yml is not valid[\s\S]*description_zh/);
  });

  test("lets --vars override dbt_project.yml and defaults", () => {
    const p = loadProject(project(chain), { factor: 3, min: 50 });
    expect(p.nodes.get("stg_items")!.compiled).toContain("amount * 3");
    expect(p.nodes.get("big_items")!.compiled).toContain("amount > 50");
  });

  test("makes macros from macros/ available to every model, and lets them read vars", () => {
    const p = loadProject(project({
      "macros/money.sql": "{% macro scaled(col) %}({{ col }} * {{ var('factor') }}){% endmacro %}",
      "models/m.sql": "select {{ scaled('amount') }} as x from {{ source('raw', 'items') }}",
    }));
    expect(p.nodes.get("m")!.compiled).toBe('select (amount * 2) as x from "main"."raw_items"');
  });

  test("names the model and var when a var is missing", () => {
    expect(() => loadProject(project({ "models/m.sql": "select {{ var('nope') }}" }))).toThrowErrorMatchingInlineSnapshot(
      `[Error: models/m.sql: var('nope') is not set in dbt_project.yml or --vars, and has no default]`,
    );
  });

  test("names the model and line of a Jinja syntax error", () => {
    expect(() => loadProject(project({ "models/m.sql": "select 1\n{% if %}\nfrom x" }))).toThrow(/^models\/m\.sql:2: Jinja error/);
  });
});

describe("the graph", () => {
  test("orders models after what they ref", () => {
    expect(topoOrder(loadProject(project(chain)))).toEqual(["stg_items", "big_items", "item_count"]);
  });

  test("reports a cycle with its path", () => {
    const p = loadProject(project({
      "models/a.sql": "select * from {{ ref('c') }}",
      "models/b.sql": "select * from {{ ref('a') }}",
      "models/c.sql": "select * from {{ ref('b') }}",
    }));
    expect(() => topoOrder(p)).toThrowErrorMatchingInlineSnapshot(`[Error: dependency cycle: a -> c -> b -> a]`);
  });

  test("reports a ref to no model", () => {
    const p = loadProject(project({ "models/a.sql": "select * from {{ ref('ghost') }}" }));
    expect(() => topoOrder(p)).toThrow("models/a.sql: ref('ghost') names no model or seed");
  });

  test.each([
    ["big_items", ["big_items"]],
    ["big_items+", ["big_items", "item_count"]],
    ["+big_items", ["big_items", "stg_items"]],
    ["+big_items+", ["big_items", "item_count", "stg_items"]],
    ["path:models/marts", ["big_items", "item_count"]],
    ["stg_items item_count", ["item_count", "stg_items"]],
  ])("selects %s", (sel, expected) => {
    expect([...select(loadProject(project(chain)), sel)].sort()).toEqual(expected);
  });
});

describe("running", () => {
  test("builds tables and views in order and counts table rows", async () => {
    const root = project(chain);
    const results = await runModels(db.conn, loadProject(root), { targetDir: join(root, "target") });
    expect(results.map((r) => [r.name, r.status, r.rows])).toEqual([
      ["stg_items", "success", null],
      ["big_items", "success", 2],
      ["item_count", "success", null],
    ]);
    expect(await all(db.conn, "select n::int as n from item_count")).toEqual([{ n: 2 }]);
    expect(readFileSync(join(root, "target/compiled/t/models/marts/big_items.sql"), "utf8")).toBe('select * from "main"."stg_items" where amount > 30');
  });

  test("makes a model a table where it was a view, and a view again, when its materialization changes", async () => {
    const kind = async () => (await all<{ t: string }>(db.conn, "select table_type as t from information_schema.tables where table_name = 'item_count'"))[0]?.t;
    const as = (m: string) => project({ ...chain, "models/marts/item_count.sql": `{{ config(materialized='${m}') }}\nselect count(*) as n from {{ ref('big_items') }}` });
    for (const [m, t] of [["view", "VIEW"], ["table", "BASE TABLE"], ["view", "VIEW"]] as const) {
      const results = await runModels(db.conn, loadProject(as(m)));
      expect(results.find((r) => r.name === "item_count")).toMatchObject({ status: "success" });
      expect(await kind()).toBe(t);
      expect(await all(db.conn, "select n::int as n from item_count")).toEqual([{ n: 2 }]);
    }
  });

  test("points an SQL error at the line in the model's own source, past Jinja that changed the line count", async () => {
    const root = project({
      "models/broken.sql": [
        "{% set cols = ['id', 'name'] %}",
        "select",
        "{% for c in cols %}",
        "    {{ c }},",
        "{% endfor %}",
        "    no_such_column",
        "from {{ source('raw', 'items') }}",
      ].join("\n"),
      "models/after.sql": "select * from {{ ref('broken') }}",
      "models/fine.sql": "select 1 as x",
    });
    const results = await runModels(db.conn, loadProject(root));
    const broken = results.find((r) => r.name === "broken")!;
    expect(broken.status).toBe("error");
    expect(broken.error).toMatch(/^models\/broken\.sql:6: Binder Error: Referenced column "no_such_column" not found/);
    expect(results.find((r) => r.name === "after")).toMatchObject({ status: "skipped", error: "skipped: upstream broken failed" });
    expect(results.find((r) => r.name === "fine")!.status).toBe("success");
  });

  test("runs generic and singular tests and reports failures with examples", async () => {
    const root = project({
      ...chain,
      "models/marts/big_items.yml": [
        "version: 2",
        "models:",
        "  - name: big_items",
        "    data_tests:",
        "      - dbt_utils.expression_is_true:",
        "          arguments:",
        "            expression: \"amount < {{ var('factor') }} * 25\"",
        "    columns:",
        "      - name: id",
        "        data_tests: [unique, not_null]",
        "      - name: name",
        "        data_tests:",
        "          - accepted_values:",
        "              arguments:",
        "                values: ['b']",
        "          - relationships:",
        "              arguments: {to: ref('stg_items'), field: name}",
      ].join("\n"),
      "tests/no_big_amounts.sql": "select * from {{ ref('big_items') }} where amount > 100",
    });
    const p = loadProject(root);
    await runModels(db.conn, p);
    const results = await runTests(db.conn, p);
    expect(results.map((r) => [r.id, r.status, r.failures])).toEqual([
      ["expression_is_true_big_items", "fail", 1],
      ["unique_big_items_id", "pass", 0],
      ["not_null_big_items_id", "pass", 0],
      ["accepted_values_big_items_name", "fail", 1],
      ["relationships_big_items_name", "pass", 0],
      ["no_big_amounts", "pass", 0],
    ]);
    expect(results[3]!.message).toBe('1 failing row(s), e.g. {"value":"c","n":1}');
  });

  test("loads seeds as tables", async () => {
    const root = project({ "seeds/codes.csv": "code,label\nA,Alpha\nB,Beta\n", "models/m.sql": "select count(*) as n from {{ ref('codes') }}" });
    const results = await runModels(db.conn, loadProject(root));
    expect(results.map((r) => [r.name, r.status, r.rows])).toEqual([["codes", "success", 2], ["m", "success", null]]);
  });
});

/** What the ingest records for each table (loaders/ingest.ts): the last load that added rows, and the last that changed any. */
const loaded = async (load: number, rewrite: number) => {
  await db.conn.run("create or replace table ingest_table_state (table_name varchar primary key, load_id bigint, rewrite_id bigint, ingest_id varchar)");
  await db.conn.run(`insert into ingest_table_state values ('raw_items', ${load}, ${rewrite}, 'x')`);
};

describe("keeping, extending and rebuilding models by what changed", () => {
  const incremental = {
    "models/marts/items_total.sql": "select sum(amount) as total from {{ ref('item_lines') }}",
    "models/marts/item_lines.sql": [
      "{{ config(materialized='incremental', unique_key='id') }}",
      "select id, name, amount, _load_id from {{ source('raw', 'items') }}",
      "{% if is_incremental() %}where _load_id > (select max(_load_id) from {{ this }}){% endif %}",
    ].join("\n"),
  };
  const modes = (results: Awaited<ReturnType<typeof runModels>>) => Object.fromEntries(results.map((r) => [r.name, r.status === "success" ? r.mode : r.status]));

  beforeEach(async () => {
    await db.conn.run("create or replace table raw_items as select *, 1 as _load_id from (values (1, 'a', 10), (2, 'b', 20)) t(id, name, amount)");
    await loaded(1, 1);
  });

  test("a model whose SQL and inputs are as at its last build is kept; an edited one is rebuilt with what reads it", async () => {
    const root = project(chain);
    expect(modes(await runModels(db.conn, loadProject(root)))).toEqual({ stg_items: "full", big_items: "full", item_count: "full" });
    expect(modes(await runModels(db.conn, loadProject(root)))).toEqual({ stg_items: "unchanged", big_items: "unchanged", item_count: "unchanged" });
    // A var reaches the SQL: big_items and what reads it are rebuilt, stg_items is not.
    expect(modes(await runModels(db.conn, loadProject(root, { min: 10 })))).toEqual({ stg_items: "unchanged", big_items: "full", item_count: "full" });
    expect(modes(await runModels(db.conn, loadProject(root, { min: 10 }), { fullRefresh: true }))).toEqual({ stg_items: "full", big_items: "full", item_count: "full" });
  });

  test("an incremental model adds the rows of a newer load, replacing those with the same key, and is rebuilt when a load changed rows", async () => {
    const root = project(incremental);
    const p = loadProject(root);
    expect(p.nodes.get("item_lines")!.compiled).not.toContain("_load_id >");
    expect(p.nodes.get("item_lines")!.incremental!.compiled).toContain(`where _load_id > (select max(_load_id) from "main"."item_lines")`);
    expect(modes(await runModels(db.conn, p))).toEqual({ item_lines: "full", items_total: "full" });
    // Load 2 adds a row and sends row 2 again with a new amount (the key replaces it).
    await db.conn.run("insert into raw_items values (3, 'c', 30, 2), (2, 'b', 25, 2)");
    await db.conn.run("delete from raw_items where id = 2 and _load_id = 1");
    await loaded(2, 1);
    expect(modes(await runModels(db.conn, p))).toEqual({ item_lines: "incremental", items_total: "full" });
    expect(await all(db.conn, "select id, amount from item_lines order by id")).toEqual([{ id: 1, amount: 10 }, { id: 2, amount: 25 }, { id: 3, amount: 30 }]);
    expect(await all(db.conn, "select total::int as total from items_total")).toEqual([{ total: 65 }]);
    // Load 3 removes a row: only a rebuild can know.
    await db.conn.run("delete from raw_items where id = 1");
    await loaded(3, 3);
    expect(modes(await runModels(db.conn, p))).toEqual({ item_lines: "full", items_total: "full" });
    expect(await all(db.conn, "select id from item_lines order by id")).toEqual([{ id: 2 }, { id: 3 }]);
  });

  test("a key of several columns replaces rows by all of them; a later run that fails leaves the model's rows as they were", async () => {
    const p = loadProject(project({
      "models/marts/item_lines.sql": [
        "{{ config(materialized='incremental', unique_key=['id', 'name']) }}",
        "select id, name, case when amount < 0 then error('negative amount of item ' || id) else amount end as amount, _load_id from {{ source('raw', 'items') }}",
        "{% if is_incremental() %}where _load_id > (select max(_load_id) from {{ this }}){% endif %}",
      ].join("\n"),
    }));
    const rows = () => all(db.conn, "select id, name, amount, _load_id from item_lines order by id, name");
    expect(modes(await runModels(db.conn, p))).toEqual({ item_lines: "full" });
    // Load 2 sends (2, b) again with a new amount, adds (2, c) beside it and (3, c).
    await db.conn.run("delete from raw_items where id = 2");
    await db.conn.run("insert into raw_items values (2, 'b', 25, 2), (2, 'c', 5, 2), (3, 'c', 30, 2)");
    await loaded(2, 1);
    expect(modes(await runModels(db.conn, p))).toEqual({ item_lines: "incremental" });
    const extended = [
      { id: 1, name: "a", amount: 10, _load_id: 1 },
      { id: 2, name: "b", amount: 25, _load_id: 2 },
      { id: 2, name: "c", amount: 5, _load_id: 2 },
      { id: 3, name: "c", amount: 30, _load_id: 2 },
    ];
    expect(await rows()).toEqual(extended);
    // Load 3 sends (1, a) again and a row the model refuses: nothing of it is kept.
    await db.conn.run("insert into raw_items values (1, 'a', 11, 3), (4, 'd', -1, 3)");
    await loaded(3, 1);
    const [failed] = await runModels(db.conn, p);
    expect(failed).toMatchObject({ name: "item_lines", status: "error" });
    expect(failed!.error).toContain("negative amount of item 4");
    expect(await rows()).toEqual(extended);
  });

  test("an incremental model reading a view adds rows only when the view is declared row-wise; a rewrite of what it looks up rebuilds it", async () => {
    // item_lines reads the export through a view that renames it and looks up a category per id.
    await db.conn.run("create or replace table item_categories as select * from (values (1, 'x'), (2, 'y'), (3, 'z')) t(id, category)");
    const viewed = (rowWise: boolean) => project({
      "models/src.yml": "version: 2\nsources:\n  - name: raw\n    tables:\n      - {name: items, identifier: raw_items}\n      - {name: categories, identifier: item_categories}\n",
      "models/staging/stg_items.sql": `{{ config(materialized='view'${rowWise ? ", meta={'row_wise': true}" : ""}) }}
select items.id, items.name as item_name, categories.category, items._load_id
from {{ source('raw', 'items') }} as items left join {{ source('raw', 'categories') }} as categories using (id)`,
      "models/marts/item_lines.sql": "{{ config(materialized='incremental', unique_key='id') }}\nselect * from {{ ref('stg_items') }}\n{% if is_incremental() %}where _load_id > (select max(_load_id) from {{ this }}){% endif %}",
    });
    const categoriesLoaded = (load: number, rewrite: number) => db.conn.run(`insert or replace into ingest_table_state values ('item_categories', ${load}, ${rewrite}, 'x')`);
    for (const rowWise of [true, false]) {
      await db.conn.run("create or replace table raw_items as select *, 1 as _load_id from (values (1, 'a', 10), (2, 'b', 20)) t(id, name, amount)");
      await db.conn.run("drop table if exists item_lines; drop view if exists stg_items; drop table if exists tierboard_model_state");
      await loaded(1, 1);
      await categoriesLoaded(1, 1);
      const p = loadProject(viewed(rowWise));
      expect(p.nodes.get("stg_items")!.rowWise).toBe(rowWise || undefined);
      expect(modes(await runModels(db.conn, p))).toEqual({ stg_items: "full", item_lines: "full" });
      // Load 2 only adds a row to the export.
      await db.conn.run("insert into raw_items values (3, 'c', 30, 2)");
      await loaded(2, 1);
      await categoriesLoaded(1, 1);
      expect(modes(await runModels(db.conn, p))).toEqual({ stg_items: "full", item_lines: rowWise ? "incremental" : "full" });
      expect(await all(db.conn, "select id, category from item_lines order by id")).toEqual([{ id: 1, category: "x" }, { id: 2, category: "y" }, { id: 3, category: "z" }]);
    }
    // The looked-up table rewritten (a category renamed): the row-wise view's rows changed, so item_lines is rebuilt.
    await db.conn.run("update item_categories set category = 'w' where id = 1");
    await categoriesLoaded(2, 2);
    const p = loadProject(viewed(true));
    await db.conn.run("drop table if exists item_lines; drop view if exists stg_items; drop table if exists tierboard_model_state");
    await runModels(db.conn, p);
    await db.conn.run("update item_categories set category = 'v' where id = 2");
    await categoriesLoaded(3, 3);
    expect(modes(await runModels(db.conn, p))).toEqual({ stg_items: "full", item_lines: "full" });
    expect(await all(db.conn, "select id, category from item_lines order by id")).toEqual([{ id: 1, category: "w" }, { id: 2, category: "v" }, { id: 3, category: "z" }]);
  });

  test("says which model declares row_wise as anything but true or false", () => {
    const root = project({ "models/staging/stg_items.sql": "{{ config(meta={'row_wise': 'yes'}) }}\nselect * from {{ source('raw', 'items') }}" });
    expect(() => loadProject(root)).toThrow(/stg_items\.sql: config meta row_wise is true or false, not "yes"/);
  });
});

describe("data tests after a run", () => {
  test("run for the models the run built, and for tests that are new or edited; a kept model's tests stand", async () => {
    const schema = (expression: string) => `version: 2\nmodels:\n  - name: big_items\n    columns:\n      - name: amount\n        data_tests: [not_null, {dbt_utils.accepted_range: {min_value: ${expression}}}]\n`;
    const root = project({ ...chain, "models/marts/schema.yml": schema("0") });
    const ran = async (built: string[], p = loadProject(root)) => (await runTests(db.conn, p, { built: new Set(built) })).map((t) => t.id).sort();
    await runModels(db.conn, loadProject(root));
    expect(await ran(["big_items"])).toHaveLength(2);
    expect(await ran([])).toEqual([]);
    expect(await ran(["stg_items"])).toEqual([]);
    // An edited test runs although big_items was kept.
    writeFileSync(join(root, "models/marts/schema.yml"), schema("1"));
    expect(await ran([])).toEqual([expect.stringContaining("accepted_range")]);
  });

  test("run again for a model built since their last results by a run without tests, though the run asking kept it", async () => {
    const schema = "version: 2\nmodels:\n  - name: big_items\n    columns:\n      - name: amount\n        data_tests: [not_null]\n";
    const root = project({ ...chain, "models/marts/schema.yml": schema });
    const ran = async () => (await runTests(db.conn, loadProject(root), { built: new Set() })).map((t) => t.id);
    // Sources as the ingest records them: a model is kept while they are as they were.
    await loaded(1, 1);
    await runModels(db.conn, loadProject(root));
    await runTests(db.conn, loadProject(root));
    expect(await ran()).toEqual([]);
    await runModels(db.conn, loadProject(root));
    expect(await ran()).toEqual([]);
    // `tierboard run` builds big_items from edited SQL and runs no test: the next build keeps the model, and still tests it.
    writeFileSync(join(root, "models/marts/big_items.sql"), "select * from {{ ref('stg_items') }} where amount > {{ var('min', 30) }} -- edited");
    await runModels(db.conn, loadProject(root));
    expect(await ran()).toEqual([expect.stringContaining("not_null")]);
    expect(await ran()).toEqual([]);
  });
});

describe("data tests after a run that only added rows", () => {
  // stg_items: a row-wise view of the export; item_lines: incremental, keyed by id; item_names: a
  // table rebuilt in full; name_counts: incremental, but it writes its rows again with the load
  // that first sent the name, so its new rows cannot be told apart from the earlier ones.
  const files = {
    "models/staging/stg_items.sql": "{{ config(materialized='view', meta={'row_wise': true}) }}\nselect id, name, amount, _load_id from {{ source('raw', 'items') }}",
    "models/marts/item_lines.sql": [
      "{{ config(materialized='incremental', unique_key='id') }}",
      "select * from {{ ref('stg_items') }}",
      "{% if is_incremental() %}where _load_id > (select max(_load_id) from {{ this }}){% endif %}",
    ].join("\n"),
    "models/marts/item_names.sql": "select distinct name from {{ ref('stg_items') }}",
    "models/marts/name_counts.sql": [
      "{{ config(materialized='incremental', unique_key='name') }}",
      "select name, count(*) as items, min(_load_id) as _load_id from {{ ref('stg_items') }}",
      "{% if is_incremental() %}where name in (select name from {{ ref('stg_items') }} where _load_id > (select max(_load_id) from {{ this }})){% endif %}",
      "group by name",
    ].join("\n"),
    "models/schema.yml": [
      "version: 2",
      "models:",
      "  - name: stg_items",
      "    columns:",
      "      - {name: id, data_tests: [unique]}",
      "      - {name: amount, data_tests: [{dbt_utils.accepted_range: {min_value: 0}}]}",
      "  - name: item_lines",
      "    data_tests: [{dbt_utils.unique_combination_of_columns: {combination_of_columns: [id, name]}}]",
      "    columns:",
      "      - {name: id, data_tests: [unique, not_null]}",
      "      - {name: amount, data_tests: [{dbt_utils.accepted_range: {min_value: 0}}]}",
      "      - {name: name, data_tests: [{relationships: {to: ref('item_names'), field: name}}, {relationships: {to: \"ref('stg_items')\", field: name}}]}",
      "  - name: name_counts",
      "    columns:",
      "      - {name: name, data_tests: [unique]}",
    ].join("\n"),
  };
  const summary = (results: Awaited<ReturnType<typeof runTests>>) =>
    Object.fromEntries(results.map((r) => [r.id, `${r.status} ${r.failures}${r.newRowsOnly ? " new rows" : ""}`]));

  /** Runs the models and then, as a build does, the tests of the models built, telling them which only gained rows. */
  async function build(root: string) {
    const p = loadProject(root);
    const models = await runModels(db.conn, p);
    const grown = new Map(models.flatMap((m) => (m.grown ? [[m.name, m.grown] as const] : [])));
    const built = new Set(models.filter((m) => m.status === "success").map((m) => m.name));
    return { models, tests: summary(await runTests(db.conn, p, { built, grown })) };
  }
  /** Every test on every row, for comparison: the same verdicts and failing rows. */
  const whole = async (root: string) =>
    Object.fromEntries(Object.entries(summary(await runTests(db.conn, loadProject(root)))).map(([k, v]) => [k, v.replace(" new rows", "")]));

  test("check only the added rows (a key's new values against every row) where the earlier rows passed; a rebuilt other side, or a failure before, checks every row", async () => {
    await db.conn.run("create or replace table raw_items as select *, 1 as _load_id from (values (1, 'a', 10), (2, 'b', 20)) t(id, name, amount)");
    await loaded(1, 1);
    const root = project(files);
    const first = await build(root);
    expect(first.models.filter((m) => m.grown)).toEqual([]);
    expect(Object.values(first.tests).every((v) => v === "pass 0")).toBe(true);

    // Load 2 adds an item: the view and item_lines hold the rows of load 2 besides their earlier ones.
    await db.conn.run("insert into raw_items values (3, 'c', 30, 2)");
    await loaded(2, 1);
    const second = await build(root);
    expect(Object.fromEntries(second.models.map((m) => [m.name, m.grown ?? null]))).toEqual({
      stg_items: { after: 1, previous: expect.any(String) },
      item_lines: { after: 1, previous: expect.any(String) },
      item_names: null,
      // Its rows for 'c' carry load 2, but it might as well have written 'a' again with load 1.
      name_counts: { after: 1, previous: expect.any(String) },
    });
    expect(second.tests).toEqual({
      unique_stg_items_id: "pass 0 new rows",
      accepted_range_stg_items_amount: "pass 0 new rows",
      unique_combination_of_columns_item_lines: "pass 0 new rows",
      unique_item_lines_id: "pass 0 new rows",
      not_null_item_lines_id: "pass 0 new rows",
      accepted_range_item_lines_amount: "pass 0 new rows",
      // item_names was made again in full: a name of an earlier row may be gone from it.
      relationships_item_lines_name: "pass 0",
      // stg_items only gained rows: the earlier rows' names are still there.
      relationships_item_lines_name_2: "pass 0 new rows",
      unique_name_counts_name: "pass 0 new rows",
    });

    // Load 3 sends item 2 again with a negative amount, and an item 'a': name_counts writes the row
    // of 'a' again with load 1, so its test checks every row.
    await db.conn.run("insert into raw_items values (2, 'b', -5, 3), (4, 'a', 1, 3)");
    await loaded(3, 1);
    const third = await build(root);
    expect(third.models.find((m) => m.name === "name_counts")!.grown).toBeUndefined();
    expect(third.tests).toMatchObject({
      // The new row of item 2 against the earlier one: a key's new values are counted in every row.
      unique_stg_items_id: "fail 1 new rows",
      accepted_range_stg_items_amount: "fail 1 new rows",
      unique_item_lines_id: "pass 0 new rows",
      accepted_range_item_lines_amount: "fail 1 new rows",
      unique_name_counts_name: "pass 0",
    });
    expect(await whole(root)).toEqual(Object.fromEntries(Object.entries(third.tests).map(([k, v]) => [k, v.replace(" new rows", "")])));

    // Load 4 adds a good item: the tests that failed on load 3 check every row again, and fail again.
    await db.conn.run("insert into raw_items values (5, 'e', 50, 4)");
    await loaded(4, 1);
    const fourth = await build(root);
    expect(fourth.tests).toMatchObject({
      unique_stg_items_id: "fail 1",
      accepted_range_stg_items_amount: "fail 1",
      accepted_range_item_lines_amount: "fail 1",
      unique_item_lines_id: "pass 0 new rows",
    });
  });
});

describe("the bundled project", () => {
  // The Models page shows these in the site's language; a model documented in one language only would read English in Chinese.
  test("describes every model and seed, and every column it describes, in English and in Chinese", () => {
    const p = loadProject(join(import.meta.dirname, ".."));
    const missing = [...p.nodes.values()].flatMap((n) => [
      ...(n.description && n.description_zh ? [] : [n.name]),
      ...n.columns.filter((c) => Boolean(c.description) !== Boolean(c.description_zh)).map((c) => `${n.name}.${c.name}`),
    ]);
    expect(missing).toEqual([]);
    expect(p.nodes.size).toBeGreaterThan(90);
  });
});
