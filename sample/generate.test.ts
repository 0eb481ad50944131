import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { queryFile } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { ingest, type IngestResult } from "../loaders/ingest.ts";
import { generateSample } from "./generate.ts";

const root = mkdtempSync(join(tmpdir(), "tb-sample-"));
const small = { customers: 400, orderLines: 12_000, seed: 7, progress: silent };

describe("tierboard sample", () => {
  test("writes byte-identical files for the same arguments, and different ones for another seed", async () => {
    const a = join(root, "a");
    const b = join(root, "b");
    const c = join(root, "c");
    await generateSample({ ...small, out: a });
    await generateSample({ ...small, out: b });
    await generateSample({ ...small, seed: 8, out: c });
    const files = readdirSync(a).sort();
    expect(files).toEqual(["customers.xlsx", "departments.csv", "opportunities.xlsx", "order_lines.csv", "orders.csv", "products.xlsx", "salespeople.csv", "targets.csv", "tickets.json", "发票.csv", "回款记录.csv"]);
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    expect(readFileSync(join(c, "order_lines.csv")).equals(readFileSync(join(a, "order_lines.csv")))).toBe(false);
  });

  test("writes finance's files in GBK with Chinese headers", () => {
    const raw = readFileSync(join(root, "a", "回款记录.csv"));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(raw)).toThrow();
    expect(new TextDecoder("gbk").decode(raw).split("\n")[0]).toBe("回款单号,客户编号,发票号码,回款日期,回款金额,付款方式");
  });
});

describe("the sample, loaded", () => {
  let result: IngestResult;
  const warehouse = join(root, "wh", "warehouse.duckdb");
  const q = (sql: string) => queryFile<Record<string, any>>(warehouse, sql);
  beforeAll(async () => {
    await generateSample({ ...small, customers: 1500, orderLines: 40_000, seed: 11, out: join(root, "shape") });
    result = await ingest({ sources: [join(root, "shape")], warehouse, progress: silent });
  });

  test("loads every row of every file with nothing quarantined", () => {
    for (const s of result.sources.filter((s) => s.table)) expect([s.file, s.read, s.quarantined]).toEqual([s.file, s.loaded, 0]);
    expect(result.tables.every((t) => t.status === "loaded" && t.rows > 0)).toBe(true);
  });

  test("has exactly the order lines asked for, returns among them", async () => {
    expect(await q("select count(*)::int n, count(*) filter (where quantity < 0)::int > 0 as has_returns from raw_order_lines")).toEqual([{ n: 40_000, has_returns: true }]);
  });

  test("is heavy-tailed: the top 20% of customers bring 70-85% of revenue", async () => {
    const [{ top }] = await q(`with r as (select o.customer_id, sum(l.amount) v from raw_order_lines l join raw_orders o using (order_id) group by 1),
      k as (select v, row_number() over (order by v desc) rn, count(*) over () n from r)
      select sum(v) filter (where rn <= ceil(0.2 * n)) / sum(v) as top from k`);
    expect(top).toBeGreaterThan(0.7);
    expect(top).toBeLessThan(0.85);
  });

  test("spans three full years and a partial one, with a February dip and a December push", async () => {
    const years = await q("select year(order_date)::int y, count(*)::int n from raw_orders group by 1 order by 1");
    expect(years.map((r) => r.y)).toEqual([2023, 2024, 2025, 2026]);
    const [{ feb, december, avg }] = await q(`select avg(v) filter (where m = 2) feb, avg(v) filter (where m = 12) december, avg(v) avg
      from (select month(o.order_date) m, year(o.order_date) y, sum(l.amount) v from raw_order_lines l join raw_orders o using (order_id) where year(o.order_date) < 2026 group by 1, 2)`);
    expect(feb).toBeLessThan(avg);
    expect(december).toBeGreaterThan(avg);
  });

  test("wins and loses customers every year", async () => {
    const rows = await q(`with f as (select customer_id, min(order_date) a, max(order_date) b from raw_orders where order_type = 'sale' group by 1)
      select y::int y, (select count(*) from f where year(a) = y)::int won, (select count(*) from f where year(b) = y)::int last_seen from range(2024, 2026) t(y)`);
    for (const r of rows) {
      expect(r.won).toBeGreaterThan(0);
      expect(r.last_seen).toBeGreaterThan(0);
    }
  });

  test("grows differently by industry", async () => {
    const rows = await q(`select c.industry, sum(l.amount) filter (where year(o.order_date) = 2025) / sum(l.amount) filter (where year(o.order_date) = 2023) g
      from raw_order_lines l join raw_orders o using (order_id) join raw_customers c on c.customer_id = o.customer_id group by 1`);
    const g = Object.fromEntries(rows.map((r) => [r.industry, r.g]));
    expect(g["新能源"]).toBeGreaterThan(g["建筑"]);
  });

  test("has prospects with only opportunities, and unpaid, late and partial invoices", async () => {
    const [r] = await q(`select
      (select count(*) from raw_customers c where not exists (select 1 from raw_orders o where o.customer_id = c.customer_id)
         and exists (select 1 from raw_opportunities p where p.customer_id = c.customer_id))::int prospects,
      (select count(*) from raw_invoices i where amount > 0 and not exists (select 1 from raw_payments p where p.invoice_id = i.invoice_id))::int unpaid,
      (select count(*) from raw_payments p join raw_invoices i using (invoice_id) where p.payment_date > i.due_date)::int late,
      (select count(*) from (select invoice_id from raw_payments group by 1 having count(*) > 1))::int split`);
    expect(r!.prospects).toBeGreaterThan(0);
    expect(r!.unpaid).toBeGreaterThan(0);
    expect(r!.late).toBeGreaterThan(0);
    expect(r!.split).toBeGreaterThan(0);
  });
});
