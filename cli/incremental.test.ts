/**
 * Fast is right: a warehouse built in steps as exports arrive (history, then a month in a folder
 * of its own and lines added to the end of a file, then a corrected past invoice) holds exactly
 * what a full build of the same exports holds: every model after the month and after the
 * correction, and every page file and customer detail file at the end. The month brings a receipt's
 * invoice and an order's row after them, so the steps that make earlier rows again are exercised.
 */
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { all, openDb } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { generateSample } from "../sample/generate.ts";
import { csvFields, splitLastMonth } from "../sample/split.ts";
import { makePageFiles, makeSiteData, SOURCE_FILE, writeDetailFiles } from "../publish/page-files.ts";
import { unzip } from "../lib/zip.ts";
import { buildWarehouse } from "./site.ts";
import { PROJECT_ROOT } from "./models.ts";
import { loadProject } from "../runner/project.ts";

const root = mkdtempSync(join(tmpdir(), "tb-incremental-"));
const sample = join(root, "sample");
const exportsDir = join(root, "exports");
const history = join(exportsDir, "history");
const month = join(exportsDir, "2026-10");
const CUTOFF = "2026-10";

type Step = Awaited<ReturnType<typeof buildWarehouse>>;

async function step(warehouse: string, fullRefresh = false): Promise<Step> {
  const r = await buildWarehouse({ warehouse, sources: [exportsDir], progress: silent, fullRefresh });
  expect(r.ok, JSON.stringify(r.pipeline.tests.filter((t) => t.status === "fail" || t.status === "error").slice(0, 3))).toBe(true);
  return r;
}

/** Every table the models and the ingest made, rows sorted, numbers to 9 significant digits (float sums vary in their last bits). */
async function tables(warehouse: string): Promise<Record<string, string[]>> {
  const db = await openDb(warehouse, { readOnly: true });
  try {
    const names = await all<{ table_name: string }>(db.conn, `select table_name from information_schema.tables where table_schema = 'main'
      and table_name not like 'tierboard_%' and table_name not in ('ingest_files', 'ingest_table_state', 'ingest_runs') order by 1`);
    const out: Record<string, string[]> = {};
    for (const { table_name: t } of names) {
      const cols = await all<{ column_name: string; data_type: string }>(db.conn, `select column_name, data_type from information_schema.columns
        where table_schema = 'main' and table_name = '${t}' and column_name not in ('_load_id', '_source_id', '_source_row', 'finished_at') order by ordinal_position`);
      const list = cols.map((c) => (c.data_type === "DOUBLE" || c.data_type === "FLOAT" ? `round("${c.column_name}", 9 - ceil(log10(abs("${c.column_name}") + 1e-300))::int)` : `"${c.column_name}"`));
      const rows = await all<{ r: string }>(db.conn, `select (${list.map((l, i) => `coalesce((${l})::varchar, '∅')`).join(" || '|' || ")}) as r from "${t}" order by r`);
      out[t] = rows.map((r) => r.r);
    }
    return out;
  } finally {
    db.close();
  }
}

/** JSON.parse's reviver: fractional numbers to 9 significant digits. */
const round = (_: string, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v);

/** A page file as data: JSON parsed (zips by member), numbers to 9 digits, and what states when it was built left out. */
function pageData(name: string, body: Uint8Array | string): unknown {
  if (name.endsWith(".zip")) {
    const members = unzip(Buffer.from(body as Uint8Array), name);
    return Object.fromEntries([...members.keys()].sort().map((k) => [k, JSON.parse(members.get(k)!().toString("utf8"), round)]));
  }
  const data = JSON.parse(typeof body === "string" ? body : Buffer.from(body).toString("utf8"), round);
  // When the ingest and the runner ran, and how long each model took: a build's own log.
  if (name === "ingest.json") delete data.run.finished_at;
  if (name === "models.json") (delete data.runs, delete data.tests);
  return data;
}

async function pageFiles(warehouse: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, body] of await makePageFiles(warehouse)) out[name] = pageData(name, body);
  const dir = mkdtempSync(join(root, "detail-"));
  await writeDetailFiles(dir, warehouse);
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  // What the files were made from names each warehouse's own model state: only the files themselves are compared.
  for (const f of walk(dir).filter((f) => !f.endsWith(SOURCE_FILE))) out[f.slice(dir.length)] = readFileSync(f, "utf8").split("\n").map((l) => (l ? JSON.stringify(JSON.parse(l, round)) : l));
  return out;
}

describe("an incremental build equals a full build of the same exports", () => {
  const incremental = join(root, "incremental.duckdb");
  const full = join(root, "full.duckdb");
  // The incremental warehouse as the month left it, and a full build of the exports then: the
  // correction below rebuilds whatever reads invoices in full, which would hide a month added wrong.
  const afterMonth = join(root, "after-month.duckdb");
  const fullMonth = join(root, "full-month.duckdb");
  const steps: Step[] = [];
  let early: string[] = [];
  let late = "";
  let sameFile = false;

  beforeAll(async () => {
    await generateSample({ out: sample, orderLines: 12_000, customers: 400, progress: silent });
    const split = await splitLastMonth(sample, exportsDir, CUTOFF);
    expect(split.orders).toBeGreaterThan(50);
    // The month's orders come as lines added to the history's orders file; the rest in the month's folder.
    // A receipt that comes before its invoice: the history's first receipt, without its customer
    // (taken from the invoice once it is there), and its invoice sent with the month.
    const lines = (f: string) => readFileSync(f, "latin1").split("\n");
    const receipts = lines(join(history, "回款记录.csv"));
    const receipt = (early = csvFields(receipts[1]!));
    const invoices = lines(join(history, "发票.csv"));
    const invoice = invoices.findIndex((l) => csvFields(l)[0] === receipt[2]);
    expect(invoice).toBeGreaterThan(0);
    receipts[1] = [receipt[0], "", ...receipt.slice(2)].join(",");
    writeFileSync(join(history, "回款记录.csv"), Buffer.from(receipts.join("\n"), "latin1"));
    appendFileSync(join(month, "发票.csv"), Buffer.from(invoices.splice(invoice, 1)[0]! + "\n", "latin1"));
    writeFileSync(join(history, "发票.csv"), Buffer.from(invoices.join("\n"), "latin1"));
    // An order whose lines come before it: its row held back from the history and sent with the month's.
    const orders = lines(join(history, "orders.csv"));
    const [lateOrder] = orders.splice(3, 1);
    writeFileSync(join(history, "orders.csv"), Buffer.from(orders.join("\n"), "latin1"));
    late = csvFields(lateOrder!)[0]!;
    const monthFile = readFileSync(join(month, "orders.csv"));
    const monthOrders = Buffer.concat([Buffer.from(lateOrder + "\n", "latin1"), monthFile.subarray(monthFile.indexOf(0x0a) + 1)]);
    rmSync(join(month, "orders.csv"));
    renameSync(month, join(root, "later"));

    // 1. History to September.
    steps.push(await step(incremental));
    // 2. October: lines, invoices and payments in a folder of their own; the orders file grows by the month's orders.
    renameSync(join(root, "later"), month);
    appendFileSync(join(history, "orders.csv"), monthOrders);
    steps.push(await step(incremental));
    copyFileSync(incremental, afterMonth);
    await step(fullMonth, true);
    // 3. The same again: nothing new.
    const inode = statSync(incremental).ino;
    steps.push(await step(incremental));
    sameFile = statSync(incremental).ino === inode;
    // 4. A past invoice corrected in the history's file.
    const invoiceFile = join(history, "发票.csv");
    const text = readFileSync(invoiceFile, "latin1").split("\n");
    const c = csvFields(text[5]!);
    c[5] = '"1,234.50"';
    text[5] = c.join(",");
    writeFileSync(invoiceFile, Buffer.from(text.join("\n"), "latin1"));
    steps.push(await step(incremental));
    // The same exports, built at once.
    await step(full, true);
  }, 600_000);

  test("each step reads only what is new, and a changed file is read again and said so", () => {
    const [first, added, same, corrected] = steps.map((s) => s.ingest!);
    expect(first!.mode).toBe("full");
    expect(added!.mode).toBe("append");
    // Only the month's files and the orders' added lines were read.
    expect(added!.sources.map((s) => s.file.split("/").slice(-2).join("/")).sort()).toEqual(["2026-10/order_lines.csv", "2026-10/发票.csv", "2026-10/回款记录.csv", "history/orders.csv"]);
    expect(same!.mode).toBe("unchanged");
    expect(corrected!.mode).toBe("full");
    expect(corrected!.reason).toContain("发票.csv changed since the last load");
    expect(corrected!.history.join("\n")).toMatch(/invoices: 1 row\(s\) of the last load changed/);
  });

  test("with nothing new the warehouse is read where it is and kept; a model to build again is built on a staged copy that replaces it", async () => {
    const [, added, same] = steps;
    expect(same!.kept).toBe(true);
    expect(sameFile).toBe(true);
    expect(added!.kept).toBeFalsy();
    const edited = join(root, "edited.duckdb");
    copyFileSync(incremental, edited);
    const db = await openDb(edited);
    await db.conn.run("update tierboard_model_state set fingerprint = 'edited' where model = 'page_topn'");
    db.close();
    const inode = statSync(edited).ino;
    const r = await step(edited);
    expect(r.ingest!.mode).toBe("unchanged");
    expect(r.kept).toBeFalsy();
    expect(statSync(edited).ino).not.toBe(inode);
    expect(r.pipeline.models.filter((m) => m.status === "success").map((m) => m.name)).toEqual(["page_topn"]);
    // Built again from the same rows: nothing is left to do, and the next build keeps the file.
    expect((await step(edited)).kept).toBe(true);
  });

  test("exports moved to another folder are not read again: the warehouse is kept, no model built", async () => {
    const moved = join(root, "exports-moved");
    const warehouse = join(root, "moved.duckdb");
    copyFileSync(incremental, warehouse);
    const inode = statSync(warehouse).ino;
    renameSync(exportsDir, moved);
    try {
      const r = await buildWarehouse({ warehouse, sources: [moved], progress: silent });
      expect(r.ok).toBe(true);
      expect(r.ingest!.mode).toBe("unchanged");
      expect(r.kept).toBe(true);
      expect(r.pipeline.models.filter((m) => m.status === "success")).toEqual([]);
      expect(statSync(warehouse).ino).toBe(inode);
    } finally {
      renameSync(moved, exportsDir);
    }
  });

  test("models are kept, extended or rebuilt by what changed", () => {
    const mode = (s: Step, name: string) => {
      const m = s.pipeline.models.find((x) => x.name === name)!;
      return m.status === "success" ? m.mode : m.status;
    };
    const [, added, same, corrected] = steps;
    // The staging steps of the lines, orders, invoices and receipts are row-wise views, made again in
    // an instant: what reads them still only adds rows.
    for (const m of ["stg_order_lines", "int_order_lines", "stg_orders", "stg_invoices", "stg_payments"]) expect(mode(added!, m), m).toBe("full");
    for (const m of ["int_orders", "sales_lines", "sales_orders", "int_customer_shown_orders", "int_customer_recent_orders", "int_customer_monthly_sales",
      "int_sales_member_days", "int_period_sales", "int_invoices", "int_payments", "int_invoice_payments"]) expect(mode(added!, m), m).toBe("incremental");
    // The month brings no opportunities or tickets: the customer pages' lists of them are kept.
    expect(mode(added!, "int_customer_activity")).toBe("unchanged");
    expect(same!.pipeline.models.every((m) => m.status === "unchanged")).toBe(true);
    // The corrected invoice leaves the sales lines alone and rebuilds what reads invoices.
    expect(mode(corrected!, "stg_order_lines")).toBe("unchanged");
    expect(mode(corrected!, "sales_lines")).toBe("unchanged");
    expect(mode(corrected!, "sales_orders")).toBe("unchanged");
    expect(mode(corrected!, "stg_invoices")).toBe("full");
  });

  test("a receipt that came before its invoice, and lines that came before their order, count once it arrives", async () => {
    const db = await openDb(afterMonth, { readOnly: true });
    try {
      const [row] = await all<{ customer_id: string; is_linked: boolean }>(db.conn, `select customer_id, is_linked from int_payments where payment_id = '${early[0]}'`);
      expect(row).toEqual({ customer_id: early[1], is_linked: true });
      const [sold] = await all<{ n: number }>(db.conn, `select count(*)::int as n from sales_lines where order_id = '${late}'`);
      expect(sold!.n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  test("no model copies a table that grows with the exports whole: each reads an incremental model's rows where it uses them", async () => {
    // DuckDB materialises a CTE named twice, every row and column before any filter
    // (docs/incremental.md): an import of a large table written `as not materialized`.
    const project = loadProject(PROJECT_ROOT);
    const growing = new Set([...project.nodes.values()].filter((n) => n.incremental).map((n) => n.name));
    const materialised = (op: { name?: string; extra_info?: Record<string, unknown>; children?: unknown[] }): string[] => [
      ...(op.name === "CTE" ? [String(op.extra_info?.["CTE Name"])] : []),
      ...(op.children ?? []).flatMap((c) => materialised(c as typeof op)),
    ];
    const db = await openDb(afterMonth, { readOnly: true });
    try {
      const copied: string[] = [];
      for (const node of project.nodes.values())
        for (const [run, sql] of [["a full run", node.compiled], ["a later run", node.incremental?.compiled]] as const) {
          const imports = new Map([...(sql ?? "").matchAll(/(\w+) as \(\s*select \* from "main"\."(\w+)"/g)].filter((m) => growing.has(m[2]!)).map((m) => [m[1]!, m[2]!]));
          if (!imports.size) continue;
          const [plan] = await all<{ explain_value: string }>(db.conn, `explain (format json) ${sql}`);
          for (const cte of (JSON.parse(plan!.explain_value) as object[]).flatMap(materialised))
            if (imports.has(cte)) copied.push(`${node.name} in ${run}: ${cte} (${imports.get(cte)})`);
        }
      expect(copied).toEqual([]);
    } finally {
      db.close();
    }
  });

  test("after the month, every model and ingest table holds the same rows", async () => {
    const [a, b] = [await tables(afterMonth), await tables(fullMonth)];
    expect(Object.keys(a)).toEqual(Object.keys(b));
    for (const t of Object.keys(b)) expect(a[t], t).toEqual(b[t]);
  });

  test("after the correction, every model and ingest table holds the same rows", async () => {
    const [a, b] = [await tables(incremental), await tables(full)];
    expect(Object.keys(a)).toEqual(Object.keys(b));
    for (const t of Object.keys(b)) expect(a[t], t).toEqual(b[t]);
  });

  test("a page file is taken from the last build's only while every page model it reads is as it was", async () => {
    const dir = join(root, "page-data");
    const text = (b: Uint8Array | string | undefined) => Buffer.from(b ?? "").toString("latin1");
    const first = await makeSiteData(incremental, { dir, read: true });
    expect(first.kept).toEqual([]);
    const again = await makeSiteData(incremental, { dir, read: true });
    // All but the Models page's file, which holds the runner's last results.
    expect([...first.files.keys()].filter((n) => !again.kept.includes(n))).toEqual(["models.json"]);
    for (const [name, body] of first.files) if (name !== "models.json") expect(text(again.files.get(name)), name).toBe(text(body));
    // A kept file is read from the cache, not made: one altered by hand there comes back altered.
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as Record<string, string>;
    writeFileSync(join(dir, index["topn.json"]!), "altered");
    expect(text((await makeSiteData(incremental, { dir, read: true })).files.get("topn.json"))).toBe("altered");
    // A full refresh reads none of it.
    const refreshed = await makeSiteData(incremental, { dir, read: false });
    expect(refreshed.kept).toEqual([]);
    expect(text(refreshed.files.get("topn.json"))).toBe(text(first.files.get("topn.json")));
    // page_topn rebuilt (its state changed): the files reading it are made again, the others kept.
    const rebuilt = join(root, "rebuilt.duckdb");
    copyFileSync(incremental, rebuilt);
    writeFileSync(join(dir, index["topn.json"]!), "altered");
    const db = await openDb(rebuilt);
    await db.conn.run("update tierboard_model_state set fingerprint = 'rebuilt' where model = 'page_topn'");
    db.close();
    const after = await makeSiteData(rebuilt, { dir, read: true });
    expect(after.kept).not.toContain("topn.json");
    expect(text(after.files.get("topn.json"))).toBe(text(first.files.get("topn.json")));
    expect(after.kept.length).toBeGreaterThan(5);
    // Another warehouse (the full build: its own ingest) takes nothing from this one's files.
    expect((await makeSiteData(full, { dir, read: true })).kept).toEqual([]);
  });

  test("every page file and customer detail file is the same", async () => {
    const [a, b] = [await pageFiles(incremental), await pageFiles(full)];
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(Object.keys(b).length).toBeGreaterThan(400);
    for (const f of Object.keys(b)) expect(a[f], f).toEqual(b[f]);
  });
});
