import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { openDb, queryFile } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { writeXlsx } from "../lib/xlsx-writer.ts";
import { ingest, type IngestResult } from "./ingest.ts";

function workspace(files: Record<string, string | Buffer>) {
  const root = mkdtempSync(join(tmpdir(), "tb-ingest-"));
  const src = join(root, "exports");
  mkdirSync(src);
  for (const [name, body] of Object.entries(files)) writeFileSync(join(src, name), body);
  return { root, src, warehouse: join(root, "data", "warehouse.duckdb") };
}

async function run(ws: ReturnType<typeof workspace>, extra: { mapping?: string; maxBadShare?: number } = {}) {
  return ingest({ sources: [ws.src], warehouse: ws.warehouse, progress: silent, ...extra });
}

const query = queryFile;

function expectAccounting(result: IngestResult) {
  for (const s of result.sources) expect(s.read, `${s.file}`).toBe(s.loaded + s.quarantined);
}

const FLAT_ZH =
  "订单编号,订单日期,客户编号,客户名称,产品编号,产品名称,数量,单价,金额,成本,毛利,备注\n" +
  'SO001,2024/3/5,C001,苏州恒达精密机械有限公司,P01,光电传感器 A100,10,"1,200.00","12,000.00",8000,4000,\n' +
  'SO001,2024/3/5,C001,苏州恒达精密机械有限公司,P02,小型PLC B200,2,"5,000.00","10,000.00",7000,3000,加急\n' +
  "SO002,2024年4月1日,C002,杭州博瑞新能源有限公司,P01,光电传感器 A100,-1,1200,-1200,-800,-400,退货\n";

describe("ingest", () => {
  test("loads a GBK sales-detail CSV with Chinese headers and no mapping file, deriving orders, customers and products", async () => {
    const ws = workspace({ "销售明细.csv": iconv.encode(FLAT_ZH, "gbk") });
    const result = await run(ws);
    expectAccounting(result);
    expect(result.sources).toMatchObject([{ table: "order_lines", encoding: "gb18030", read: 3, loaded: 3, quarantined: 0, ignored: ["备注"] }]);
    expect(Object.fromEntries(result.tables.map((t) => [t.table, `${t.status} ${t.rows}`]))).toMatchObject({
      order_lines: "loaded 3", orders: "derived 2", customers: "derived 2", products: "derived 2", invoices: "missing 0",
    });
    expect(await query(ws.warehouse, "select order_id, line_number, customer_name, quantity::double q, amount::double a, profit::double p from raw_order_lines order by 1, 2")).toEqual([
      { order_id: "SO001", line_number: 1, customer_name: "苏州恒达精密机械有限公司", q: 10, a: 12000, p: 4000 },
      { order_id: "SO001", line_number: 2, customer_name: "苏州恒达精密机械有限公司", q: 2, a: 10000, p: 3000 },
      { order_id: "SO002", line_number: 1, customer_name: "杭州博瑞新能源有限公司", q: -1, a: -1200, p: -400 },
    ]);
    expect(await query(ws.warehouse, "select order_id, strftime(order_date, '%Y-%m-%d') d, customer_id, order_type from raw_orders order by 1")).toEqual([
      { order_id: "SO001", d: "2024-03-05", customer_id: "C001", order_type: "sale" },
      { order_id: "SO002", d: "2024-04-01", customer_id: "C002", order_type: "return" },
    ]);
  });

  test("loads the English 'Order ID, Order Date, Customer ID, …, Sales, Quantity, Profit' CSV with no mapping file", async () => {
    const ws = workspace({
      "Sample - Superstore.csv":
        "Row ID,Order ID,Order Date,Customer ID,Customer Name,Product ID,Sales,Quantity,Profit\n" +
        "1,CA-2016-152156,11/8/2016,CG-12520,Claire Gute,FUR-BO-10001798,261.96,2,41.9136\n" +
        "2,CA-2016-152156,11/8/2016,CG-12520,Claire Gute,FUR-CH-10000454,731.94,3,219.582\n" +
        // 6/22/2016 can only be month first: the column is read so (and 11/8/2016 is 8 November).
        '3,CA-2016-138688,6/22/2016,DV-13045,Darrin Van Huff,OFF-LA-10000240,14.62,2,6.8714\n',
    });
    const result = await run(ws);
    expectAccounting(result);
    expect(result.sources[0]).toMatchObject({ table: "order_lines", read: 3, loaded: 3, ignored: ["Row ID"] });
    expect(await query(ws.warehouse, "select order_id, strftime(o.order_date, '%Y-%m-%d') d, count(*)::int n from raw_orders o join raw_order_lines using (order_id) group by all order by 1")).toEqual([
      { order_id: "CA-2016-138688", d: "2016-06-22", n: 1 },
      { order_id: "CA-2016-152156", d: "2016-11-08", n: 2 },
    ]);
  });

  test("quarantines bad rows with file, row, column, value and reason, and loads the rest", async () => {
    const ws = workspace({
      "orders.csv": "order_id,order_date,customer_id\nA1,2024-01-05,C1\nA2,2024-02-30,C1\nA3,,C2\nA4,2024-01-07,C2,extra\nA7,2024-13-01,C3\nA5,\"2024-01-08,C3\nA6,2024-01-09,C3\n",
      "order_lines.csv": "order_id,product_id,quantity,amount\nA1,P1,2,100\nA1,P2,two,50\nA6,P1,1,¥1,000.00\nA6,P3,1,\"¥1,000.00\"\n",
    });
    const result = await run(ws, { maxBadShare: 1 });
    expectAccounting(result);
    const q = await query(ws.warehouse, `select source, row_number, column_name, header, value, reason from quarantine order by source, row_number`);
    expect(q).toMatchInlineSnapshot(`
      [
        {
          "column_name": "quantity",
          "header": "quantity",
          "reason": "expected a number such as 1234.50, ¥1,234.50, 12% or (123.00)",
          "row_number": 3,
          "source": "order_lines.csv",
          "value": "two",
        },
        {
          "column_name": null,
          "header": null,
          "reason": "the row has more fields than the header: Expected Number of Columns: 4 Found: 5",
          "row_number": 4,
          "source": "order_lines.csv",
          "value": null,
        },
        {
          "column_name": "order_date",
          "header": "order_date",
          "reason": "expected a date between 1900 and 2100 in one of the formats %Y-%m-%d, %Y/%m/%d, %Y.%m.%d, %Y年%m月%d日, %Y-%m-%d %H:%M:%S, %Y-%m-%d %H:%M, … or an Excel serial date",
          "row_number": 3,
          "source": "orders.csv",
          "value": "2024-02-30",
        },
        {
          "column_name": "order_date",
          "header": "order_date",
          "reason": "required value is missing (expected a date between 1900 and 2100 in one of the formats %Y-%m-%d, %Y/%m/%d, %Y.%m.%d, %Y年%m月%d日, %Y-%m-%d %H:%M:%S, %Y-%m-%d %H:%M, … or an Excel serial date)",
          "row_number": 4,
          "source": "orders.csv",
          "value": null,
        },
        {
          "column_name": null,
          "header": null,
          "reason": "the row has more fields than the header: Expected Number of Columns: 3 Found: 4",
          "row_number": 5,
          "source": "orders.csv",
          "value": null,
        },
        {
          "column_name": "order_date",
          "header": "order_date",
          "reason": "expected a date between 1900 and 2100 in one of the formats %Y-%m-%d, %Y/%m/%d, %Y.%m.%d, %Y年%m月%d日, %Y-%m-%d %H:%M:%S, %Y-%m-%d %H:%M, … or an Excel serial date",
          "row_number": 6,
          "source": "orders.csv",
          "value": "2024-13-01",
        },
        {
          "column_name": null,
          "header": null,
          "reason": "a quote is not closed or stands inside an unquoted field: Value with unterminated quote found.",
          "row_number": 7,
          "source": "orders.csv",
          "value": null,
        },
      ]
    `);
    expect(result.sources.map((s) => [s.file.split("/").pop(), s.read, s.loaded, s.quarantined])).toEqual([
      ["order_lines.csv", 4, 2, 2],
      ["orders.csv", 6, 1, 5],
    ]);
    // The raw text of a row DuckDB could not split is kept whole.
    expect((await query<{ record: string }>(ws.warehouse, "select record from quarantine where row_number = 5 and source = 'orders.csv'"))[0]!.record).toBe("A4,2024-01-07,C2,extra");
    expect(readFileSync(result.quarantineFile, "utf8").startsWith("\ufeffsource,row_number,column_name")).toBe(true);
  });

  test("a folder of many small exports with the same columns is checked as one, and every row still names its file and row", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++)
      files[`sales_${String(i).padStart(3, "0")}.csv`] = "order_id,order_date,customer_id,product_id,quantity,amount\n" +
        [0, 1, 2].map((j) => `O${i}-${j},${i === 123 && j === 1 ? "2024-02-30" : "2024-01-05"},C${j},P1,1,10${i === 200 && j === 0 ? ",extra" : ""}`).join("\n") + "\n";
    // One file with another layout is loaded on its own.
    files["customers.csv"] = "customer_id,customer_name\nC0,Alpha\nC1,Beta\nC2,Gamma\n";
    const ws = workspace(files);
    const result = await run(ws, { maxBadShare: 1 });
    expectAccounting(result);
    expect(result.sources.filter((s) => s.table === "order_lines")).toHaveLength(300);
    const bad = result.sources.find((s) => s.file.endsWith("sales_123.csv"))!;
    expect([bad.read, bad.loaded, bad.quarantined]).toEqual([3, 2, 1]);
    // A bad value and a row with a field too many, each in its own file and row.
    expect(await query(ws.warehouse, "select source, row_number::int r, column_name, value from quarantine order by source")).toEqual([
      { source: "sales_123.csv", r: 3, column_name: "order_date", value: "2024-02-30" },
      { source: "sales_200.csv", r: 2, column_name: null, value: null },
    ]);
    expect(result.sources.find((s) => s.file.endsWith("sales_200.csv"))).toMatchObject({ read: 3, loaded: 2, quarantined: 1 });
    expect(await query(ws.warehouse, "select _source, _source_row::int r from raw_order_lines where order_id = 'O299-2'")).toEqual([{ _source: "sales_299.csv", r: 4 }]);
  });

  test("two exports of one table in different layouts are checked one after the other, each file's bad rows counted and quarantined as its own", async () => {
    const ws = workspace({
      "customers_a.csv": "customer_id,customer_name,credit_limit\nC1,Alpha,1000\nC2,Beta,lots\n",
      "customers_b.csv": "customer_name,customer_id,credit_limit\nGamma,C3,n/a\nDelta,C4,ten\nEpsilon,C5,500\n",
      "sales.csv": "order_id,order_date,customer_id,product_id,quantity,amount\nO1,2024-01-01,C1,P1,1,10\n",
    });
    const result = await run(ws, { maxBadShare: 1 });
    expectAccounting(result);
    expect(result.sources.filter((s) => s.table === "customers").map((s) => [s.file.split("/").pop(), s.read, s.loaded, s.quarantined]).sort()).toEqual([
      ["customers_a.csv", 2, 1, 1],
      ["customers_b.csv", 3, 2, 1],
    ]);
    expect(await query(ws.warehouse, "select source, row_number::int r, value from quarantine order by source")).toEqual([
      { source: "customers_a.csv", r: 3, value: "lots" },
      { source: "customers_b.csv", r: 3, value: "ten" },
    ]);
    expect(await query(ws.warehouse, "select customer_id, credit_limit::double c, _source_row::int r from raw_customers order by 1")).toEqual([
      { customer_id: "C1", c: 1000, r: 2 },
      { customer_id: "C3", c: null, r: 2 },
      { customer_id: "C5", c: 500, r: 4 },
    ]);
  });

  test("quarantine.csv, written for Excel, carries rejected cells that look like formulas as text", async () => {
    const ws = workspace({ "sales.csv": 'order_id,order_date,customer_id,product_id,quantity,amount\nO1,2024-01-01,C1,P1,1,10\nO2,2024-01-01,C1,P1,"=HYPERLINK(""http://x"")",10\nO3,2024-01-01,C1,P1,1,10\n' });
    const result = await run(ws, { maxBadShare: 1 });
    const csv = readFileSync(result.quarantineFile, "utf8");
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  test("finds the header below title rows, in CSV and XLSX, and reports real row numbers", async () => {
    const ws = workspace({
      "customers.csv": "2024年客户档案\n导出人：张伟\n客户编号,客户名称,行业\nC1,甲公司,制造业\nC2,乙公司,医疗\n",
      "sales.csv": "order_id,order_date,customer_id,product_id,quantity,amount\nO1,2024-01-01,C1,P1,1,10\n",
    });
    writeXlsx(join(ws.src, "products.xlsx"), [
      { name: "产品", rows: [["产品目录（内部）"], [], ["产品编号", "产品名称", "标准价", "成本价"], ["P1", "传感器", "¥1,200", 800], ["P2", "控制器", "abc", 100]] },
    ]);
    const result = await run(ws, { maxBadShare: 1 });
    expectAccounting(result);
    expect(result.sources.filter((s) => s.table).map((s) => [s.table, s.header_row, s.loaded, s.quarantined])).toEqual([
      ["customers", 3, 2, 0],
      ["products", 3, 1, 1],
      ["order_lines", 1, 1, 0],
    ]);
    expect(await query(ws.warehouse, "select row_number, column_name, value from quarantine")).toEqual([{ row_number: 5, column_name: "list_price", value: "abc" }]);
    expect(await query(ws.warehouse, "select customer_id, _source_row from raw_customers order by 1")).toEqual([
      { customer_id: "C1", _source_row: 4 },
      { customer_id: "C2", _source_row: 5 },
    ]);
  });

  test("counts a key that two exports both carry once, naming where it was first seen", async () => {
    const ws = workspace({
      "customers_2023.csv": "customer_id,customer_name\nC1,Alpha\nC2,Beta\n",
      "customers_2024.csv": "customer_id,customer_name\nC2,Beta\nC3,Gamma\n",
      "sales.csv": "order_id,order_date,customer_id,product_id,quantity,amount\nO1,2024-01-01,C1,P1,1,10\n",
    });
    const result = await run(ws, { maxBadShare: 1 });
    expectAccounting(result);
    expect(await query(ws.warehouse, "select source, row_number, value, reason from quarantine")).toEqual([
      { source: "customers_2024.csv", row_number: 2, value: "C2", reason: "the same customer_id again, first in customers_2023.csv row 3: counted once" },
    ]);
    expect(await query(ws.warehouse, "select customer_id, customer_name from raw_customers order by 1")).toEqual([
      { customer_id: "C1", customer_name: "Alpha" },
      { customer_id: "C2", customer_name: "Beta" },
      { customer_id: "C3", customer_name: "Gamma" },
    ]);
  });

  test("quarantines every version of a key whose exports disagree, naming them all", async () => {
    const ws = workspace({
      "customers_2023.csv": "customer_id,customer_name\nC1,Alpha\nC2,Beta\n",
      "customers_2024.csv": "customer_id,customer_name\nC2,Beta Ltd\nC3,Gamma\n",
      "sales.csv": "order_id,order_date,customer_id,product_id,quantity,amount\nO1,2024-01-01,C1,P1,1,10\n",
    });
    const result = await run(ws, { maxBadShare: 1 });
    expectAccounting(result);
    const reason = "conflicting versions of customer_id C2 (customers_2023.csv row 3, customers_2024.csv row 2): all quarantined, keep one version in the exports";
    expect(await query(ws.warehouse, "select source, row_number, value, reason from quarantine order by source")).toEqual([
      { source: "customers_2023.csv", row_number: 3, value: "C2", reason },
      { source: "customers_2024.csv", row_number: 2, value: "C2", reason },
    ]);
    expect(await query(ws.warehouse, "select customer_id from raw_customers order by 1")).toEqual([{ customer_id: "C1" }, { customer_id: "C3" }]);
  });

  test("counts an order exported twice (lines without line numbers) once, and quarantines an order naming two customers", async () => {
    const header = "order_id,order_date,customer_id,product_id,quantity,amount\n";
    const ws = workspace({
      "sales_2024-10.csv": header + "O1,2024-10-30,C1,P1,1,10\nO1,2024-10-30,C1,P2,2,20\nO2,2024-10-31,C2,P1,1,10\n",
      // The November export starts with October's last order again; O3's lines name two customers.
      "sales_2024-11.csv": header + "O1,2024-10-30,C1,P1,1,10\nO1,2024-10-30,C1,P2,2,20\nO3,2024-11-02,C1,P1,1,10\nO3,2024-11-02,C9,P1,1,10\n",
    });
    const result = await run(ws, { maxBadShare: 1 });
    expectAccounting(result);
    expect(await query(ws.warehouse, "select source, row_number::int r, reason from quarantine order by source, r")).toEqual([
      { source: "sales_2024-11.csv", r: 2, reason: "the same order O1 lines again, first in sales_2024-10.csv: counted once" },
      { source: "sales_2024-11.csv", r: 3, reason: "the same order O1 lines again, first in sales_2024-10.csv: counted once" },
      { source: "sales_2024-11.csv", r: 4, reason: "order O3 names more than one customer (C1, C9): all its lines quarantined, fix the export" },
      { source: "sales_2024-11.csv", r: 5, reason: "order O3 names more than one customer (C1, C9): all its lines quarantined, fix the export" },
    ]);
    expect(await query(ws.warehouse, "select order_id, sum(amount)::double a from raw_order_lines group by 1 order by 1")).toEqual([
      { order_id: "O1", a: 30 },
      { order_id: "O2", a: 10 },
    ]);
  });


  test("numbered order lines are told apart by order and line number: a line sent again is counted once, a line sent two ways is quarantined in both", async () => {
    const orders = "order_id,order_date,customer_id\nO1,2024-10-30,C1\nO2,2024-10-31,C2\n";
    const header = "order_id,line_number,product_id,quantity,amount\n";
    const ws = workspace({
      "orders.csv": orders,
      "lines_a.csv": header + "O1,1,P1,1,10\nO1,2,P2,2,20\nO2,1,P1,1,10\n",
      // O1 line 2 again as it was, O2 line 1 with another amount; O2 line 2 is new, as O1 line 1 is not.
      "lines_b.csv": header + "O1,2,P2,2,20\nO2,1,P1,1,12\nO2,2,P3,1,5\n",
    });
    const result = await run(ws, { maxBadShare: 1 });
    expectAccounting(result);
    const conflict = "conflicting versions of order_id + line_number O2#1 (lines_a.csv row 4, lines_b.csv row 3): all quarantined, keep one version in the exports";
    expect(await query(ws.warehouse, "select source, row_number::int r, value, reason from quarantine order by source, r")).toEqual([
      { source: "lines_a.csv", r: 4, value: "O2#1", reason: conflict },
      { source: "lines_b.csv", r: 2, value: "O1#2", reason: "the same order_id + line_number again, first in lines_a.csv row 3: counted once" },
      { source: "lines_b.csv", r: 3, value: "O2#1", reason: conflict },
    ]);
    expect(await query(ws.warehouse, "select order_id, line_number::int n, amount::double a from raw_order_lines order by 1, 2")).toEqual([
      { order_id: "O1", n: 1, a: 10 },
      { order_id: "O1", n: 2, a: 20 },
      { order_id: "O2", n: 2, a: 5 },
    ]);
  });
  test("reads JSON, NDJSON, Parquet and UTF-16 tab-separated text", async () => {
    const ws = workspace({
      "sales.ndjson": '{"order_id":"O1","order_date":"2024-01-02","customer_id":"C1","product_id":"P1","quantity":3,"amount":30.5}\n{"order_id":"O2","order_date":"2024-01-03","customer_id":"C2","product_id":"P1","quantity":1,"amount":10}\n',
      "tickets.json": JSON.stringify([{ ticket_id: "T1", customer_id: "C1", created_at: "2024-01-05T10:00:00", priority: "紧急" }]),
      "customers.txt": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("客户编号\t客户名称\nC1\t甲\nC2\t乙\n", "utf16le")]),
    });
    const db = await openDb();
    await db.conn.run(`copy (select 'P1' as product_id, '传感器' as product_name, 12.5 as list_price) to '${join(ws.src, "products.parquet")}' (format parquet)`);
    db.close();
    const result = await run(ws);
    expectAccounting(result);
    expect(result.sources.map((s) => [s.file.split("/").pop(), s.table, s.loaded])).toEqual([
      ["customers.txt", "customers", 2],
      ["products.parquet", "products", 1],
      ["sales.ndjson", "order_lines", 2],
      ["tickets.json", "tickets", 1],
    ]);
    expect(await query(ws.warehouse, "select priority from raw_tickets")).toEqual([{ priority: "urgent" }]);
  });

  test("applies a mapping file's per-file columns, formats and values", async () => {
    const ws = workspace({ "export_7.csv": "Beleg;Datum;Kunde;Artikel;Menge;Betrag\nB1;05.03.2024;K1;A1;2;1.234,50\n" });
    const mapping = join(ws.root, "mapping.yml");
    writeFileSync(mapping, [
      "files:",
      '  - match: "export_*.csv"',
      "    table: order_lines",
      '    decimal: ","',
      '    date_formats: ["%d.%m.%Y"]',
      "    columns: {order_id: Beleg, order_date: Datum, customer_id: Kunde, product_id: Artikel, quantity: Menge, amount: Betrag}",
    ].join("\n"));
    const result = await run(ws, { mapping });
    expect(result.mapping).toContain("mapping.yml");
    expect(await query(ws.warehouse, "select strftime(order_date, '%Y-%m-%d') d, amount::double a from raw_order_lines")).toEqual([{ d: "2024-03-05", a: 1234.5 }]);
  });
});

describe("ingest failures", () => {
  test("keeps the previous warehouse and quarantine.csv when too many rows are bad, and says where this run's reasons are", async () => {
    const ws = workspace({ "sales.csv": "order_id,order_date,customer_id,product_id,quantity,amount\nO1,2024-01-01,C1,P1,1,10\nO0,someday,C1,P1,1,10\n" });
    await run(ws, { maxBadShare: 0.6 });
    const before = readFileSync(ws.warehouse);
    const quarantineBefore = readFileSync(join(ws.root, "data", "quarantine.csv"), "utf8");
    expect(quarantineBefore).toContain("O0");
    writeFileSync(join(ws.src, "sales.csv"), "order_id,order_date,customer_id,product_id,quantity,amount\nO1,2024-01-01,C1,P1,1,10\nO2,bad,C1,P1,1,10\n");
    await expect(run(ws)).rejects.toThrow(/too many bad rows \(more than 5% of a file\): sales\.csv 1 of 2\.\nThe previous warehouse and quarantine\.csv were kept\. See .*quarantine-rejected\.csv/);
    expect(readFileSync(ws.warehouse).equals(before)).toBe(true);
    expect(readdirSync(join(ws.root, "data")).sort()).toEqual(["quarantine-rejected.csv", "quarantine.csv", "warehouse.duckdb"]);
    expect(readFileSync(join(ws.root, "data", "quarantine.csv"), "utf8")).toBe(quarantineBefore);
    expect(readFileSync(join(ws.root, "data", "quarantine-rejected.csv"), "utf8")).toContain("O2");
  });

  test("names the missing required columns and the headers it saw", async () => {
    const ws = workspace({ "orders.csv": "order_id,customer_id\nO1,C1\n", "order_lines.csv": "order_id,product_id,quantity,amount\nO1,P1,1,10\n" });
    await expect(run(ws)).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: orders.csv (read as orders): required column(s) missing: order_date.
      Its headers: order_id, customer_id.
      Map them in a mapping file: files: [{match: "orders.csv", columns: {order_date: "<header>"}}]]
    `);
    expect(existsSync(ws.warehouse)).toBe(false);
  });

  test("asks for a mapping when it cannot tell what a file holds", async () => {
    const ws = workspace({ "misc.csv": "foo,bar\n1,2\n" });
    await expect(run(ws)).rejects.toThrow(/misc\.csv: cannot tell which table this file holds\. Its headers: foo, bar\./);
  });

  test("says sales lines are required when only reference data is given", async () => {
    const ws = workspace({ "customers.csv": "customer_id,customer_name\nC1,A\n" });
    await expect(run(ws)).rejects.toThrow(/no sales lines found/);
  });

  test("reports an empty file by name", async () => {
    const ws = workspace({ "orders.csv": "" });
    await expect(run(ws)).rejects.toThrow(/orders\.csv: the file is empty/);
  });

  test("leaves no temporary files behind after a failure", async () => {
    const ws = workspace({ "misc.csv": "foo,bar\n1,2\n" });
    await expect(run(ws)).rejects.toThrow();
    const data = join(ws.root, "data");
    expect(existsSync(data) ? readdirSync(data).filter((f) => statSync(join(data, f))) : []).toEqual([]);
  });
});

describe("a later ingest reads only what is new", () => {
  const march = "订单编号,订单日期,客户编号,产品编号,数量,金额\nSO001,2024-03-05,C001,P01,10,12000\nSO002,2024-03-09,C002,P01,2,2400\n";

  test("a new file's rows join the earlier ones; lines added to the end of a file are read alone and keep their row numbers", async () => {
    const ws = workspace({ "销售明细.csv": march });
    expect((await run(ws, { maxBadShare: 1 })).mode).toBe("full");
    mkdirSync(join(ws.src, "2024-04"));
    writeFileSync(join(ws.src, "2024-04", "销售明细.csv"), "订单编号,订单日期,客户编号,产品编号,数量,金额\nSO003,2024-04-02,C003,P02,1,500\n");
    const added = await run(ws, { maxBadShare: 1 });
    expect(added.mode).toBe("append");
    expect(added.sources.map((s) => [s.file.slice(ws.src.length + 1), s.read])).toEqual([["2024-04/销售明细.csv", 1]]);
    // The March file grows by a line with a bad amount: it alone is read, quarantined as row 4 of that file.
    writeFileSync(join(ws.src, "销售明细.csv"), march + "SO004,2024-03-30,C001,P01,1,12x\n");
    const grown = await run(ws, { maxBadShare: 1 });
    expect(grown.mode).toBe("append");
    expect(grown.sources.map((s) => [s.file.slice(ws.src.length + 1), s.read, s.quarantined])).toEqual([["销售明细.csv", 1, 1]]);
    expect(await query(ws.warehouse, "select row_number, column_name from quarantine")).toEqual([{ row_number: 4, column_name: "amount" }]);
    expect(await query(ws.warehouse, "select string_agg(order_id, ',' order by order_id) as ids, count(distinct customer_id)::int as customers from (select order_id, customer_id from raw_orders)")).toEqual([{ ids: "SO001,SO002,SO003", customers: 3 }]);
    expect(await query(ws.warehouse, "select name, rows_read::int as rows_read, rows_quarantined::int as q from ingest_sources order by name")).toEqual([
      { name: "2024-04/销售明细.csv", rows_read: 1, q: 0 },
      { name: "销售明细.csv", rows_read: 3, q: 1 },
    ]);
    expect((await run(ws, { maxBadShare: 1 })).mode).toBe("unchanged");
  });

  test("an export folder moved elsewhere is not read again; a month added after the move is read alone, and the lists name the files where they are", async () => {
    const april = "订单编号,订单日期,客户编号,产品编号,数量,金额\nSO003,2024-04-02,C003,P02,1,500\n";
    const ws = workspace({ "销售明细.csv": march });
    mkdirSync(join(ws.src, "2024-04"));
    writeFileSync(join(ws.src, "2024-04", "销售明细.csv"), april);
    expect((await run(ws, { maxBadShare: 1 })).mode).toBe("full");
    // The folder moves (or the project is cloned elsewhere): the same names inside it, the same content.
    const moved = join(ws.root, "crm-exports");
    renameSync(ws.src, moved);
    const at = { ...ws, src: moved };
    const same = await run(at, { maxBadShare: 1 });
    expect(same.mode).toBe("unchanged");
    // A month added after the move is the only file read; the moved files' rows keep their counts, under their new paths.
    mkdirSync(join(moved, "2024-05"));
    writeFileSync(join(moved, "2024-05", "销售明细.csv"), "订单编号,订单日期,客户编号,产品编号,数量,金额\nSO004,2024-05-06,C001,P01,1,1200\n");
    const added = await run(at, { maxBadShare: 1 });
    expect(added.mode).toBe("append");
    expect(added.sources.map((s) => s.file.slice(moved.length + 1))).toEqual(["2024-05/销售明细.csv"]);
    expect(await query(ws.warehouse, `select name, starts_with(file, '${moved}/') as moved, rows_read::int as rows_read from ingest_sources order by name`)).toEqual([
      { name: "2024-04/销售明细.csv", moved: true, rows_read: 1 },
      { name: "2024-05/销售明细.csv", moved: true, rows_read: 1 },
      { name: "销售明细.csv", moved: true, rows_read: 2 },
    ]);
    expect(await query(ws.warehouse, `select count(*)::int as n, count(*) filter (where starts_with(file, '${moved}/'))::int as moved from ingest_files`)).toEqual([{ n: 3, moved: 3 }]);
    expect(await query(ws.warehouse, "select count(*)::int as n from raw_orders")).toEqual([{ n: 4 }]);
    expect((await run(at, { maxBadShare: 1 })).mode).toBe("unchanged");
    // Moved again, and March's file grown by a line on the way: only the line is read, as row 4 of that file.
    const grownAt = join(ws.root, "exports-grown");
    renameSync(moved, grownAt);
    writeFileSync(join(grownAt, "销售明细.csv"), march + "SO005,2024-03-30,C002,P01,1,1200\n");
    const grown = await run({ ...ws, src: grownAt }, { maxBadShare: 1 });
    expect(grown.mode).toBe("append");
    expect(grown.sources.map((s) => [s.file.slice(grownAt.length + 1), s.read])).toEqual([["销售明细.csv", 1]]);
    expect(await query(ws.warehouse, `select name, starts_with(file, '${grownAt}/') as moved, rows_read::int as rows_read from ingest_sources order by name`)).toEqual([
      { name: "2024-04/销售明细.csv", moved: true, rows_read: 1 },
      { name: "2024-05/销售明细.csv", moved: true, rows_read: 1 },
      { name: "销售明细.csv", moved: true, rows_read: 3 },
    ]);
    expect(await query(ws.warehouse, "select _source_row::int as row_number from raw_order_lines where order_id = 'SO005'")).toEqual([{ row_number: 4 }]);
    renameSync(grownAt, moved);
    // Moved again, one file changed on the way: it is another file, and the one loaded is gone.
    const again = join(ws.root, "exports-2024");
    renameSync(moved, again);
    writeFileSync(join(again, "2024-04", "销售明细.csv"), april.replace(",1,500", ",2,1000"));
    const changed = await run({ ...ws, src: again }, { maxBadShare: 1 });
    expect(changed.mode).toBe("full");
    expect(changed.reason).toBe("销售明细.csv is no longer among the exports");
    renameSync(again, moved);
    // A file renamed is another file: the mapping's rules go by name, and its rows name it.
    renameSync(join(moved, "销售明细.csv"), join(moved, "销售明细-3月.csv"));
    const renamed = await run(at, { maxBadShare: 1 });
    expect(renamed.mode).toBe("full");
    expect(renamed.reason).toBe("销售明细.csv is no longer among the exports");
  });

  test("a new file that sends an order already loaded makes the ingest read everything again, deciding between the versions as it does for files given together", async () => {
    const ws = workspace({ "销售明细.csv": march });
    await run(ws, { maxBadShare: 1 });
    writeFileSync(join(ws.src, "更正.csv"), "订单编号,订单日期,客户编号,产品编号,数量,金额\nSO002,2024-03-09,C002,P01,2,2000\n");
    const r = await run(ws, { maxBadShare: 1 });
    expect(r.mode).toBe("full");
    expect(r.reason).toContain("order_lines SO002 is in the new exports and already in 销售明细.csv");
    expect(await query(ws.warehouse, "select count(*)::int as n from quarantine where reason like 'conflicting versions of order SO002%'")).toEqual([{ n: 2 }]);
  });

  test("numbered lines are added by order and line number: a new line of an order loaded before is added, a line sent again reads everything again", async () => {
    const header = "order_id,line_number,product_id,quantity,amount\n";
    const ws = workspace({ "orders.csv": "order_id,order_date,customer_id\nO1,2024-10-30,C1\nO2,2024-10-31,C2\n", "lines_a.csv": header + "O1,1,P1,1,10\nO1,2,P2,2,20\nO2,1,P1,1,10\n" });
    expect((await run(ws, { maxBadShare: 1 })).mode).toBe("full");
    // O2 gains its line 2: a key (O2, 2) not held yet, though O2 is.
    writeFileSync(join(ws.src, "lines_b.csv"), header + "O2,2,P3,1,5\n");
    expect((await run(ws, { maxBadShare: 1 })).mode).toBe("append");
    expect(await query(ws.warehouse, "select order_id || '#' || line_number as k from raw_order_lines order by 1")).toEqual([{ k: "O1#1" }, { k: "O1#2" }, { k: "O2#1" }, { k: "O2#2" }]);
    // O1's line 2 again, with another amount: the versions are judged together.
    writeFileSync(join(ws.src, "lines_c.csv"), header + "O1,2,P2,2,25\n");
    const again = await run(ws, { maxBadShare: 1 });
    expect(again.mode).toBe("full");
    expect(again.reason).toContain("order_lines O1#2 is in the new exports and already in lines_a.csv");
  });

  test("a changed file is read again, and what changed in the loaded rows is said", async () => {
    const ws = workspace({ "销售明细.csv": march });
    await run(ws, { maxBadShare: 1 });
    writeFileSync(join(ws.src, "销售明细.csv"), march.replace("2,2400", "2,2000"));
    const r = await run(ws, { maxBadShare: 1 });
    expect(r.mode).toBe("full");
    expect(r.reason).toBe("销售明细.csv changed since the last load (history may have been corrected)");
    expect(r.history.join("\n")).toMatch(/^order_lines: 1 row\(s\) of the last load changed or are gone, 1 new or changed/m);
  });
});
