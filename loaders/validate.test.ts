import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { all, openDb, type Db } from "../lib/duckdb.ts";
import { loadMapping } from "./mapping.ts";
import { columnsOf, parseRow, ROW_CHECKS, type ColumnDef, type TableName } from "../lib/schema.ts";
import { MACROS, parseExpr, typedSelect, type MappedColumn, type ParseOptions } from "./validate.ts";
import { lit } from "../lib/sql.ts";

let db: Db;
beforeAll(async () => {
  db = await openDb();
  for (const m of MACROS) await db.conn.run(m);
});
afterAll(() => db.close());

const mapping = loadMapping();
const opts = (o: Partial<ParseOptions> = {}): ParseOptions => ({ dateFormats: mapping.dateFormats, decimal: "auto", values: mapping.values, ...o });
const col = (table: TableName, name: string): ColumnDef => columnsOf(table).find((c) => c.name === name)!;

/** Parses each text with the column's SQL and returns the results as strings (null stays null). */
async function parse(c: ColumnDef, values: string[], o = opts()) {
  const sql = `select cast(${parseExpr(c, "v", o)} as varchar) as r from (values ${values.map((v) => `(${lit(v)}, ${values.indexOf(v)})`).join(", ")}) t(v, i) order by i`;
  return (await all<{ r: string | null }>(db.conn, sql)).map((r) => r.r);
}

describe("numbers", () => {
  const amount = col("order_lines", "amount");
  test("read the ways finance exports write them", async () => {
    const cases: [string, string | null][] = [
      ["1234.5", "1234.5000"],
      ["¥1,234.50", "1234.5000"],
      ["￥1,234.50", "1234.5000"],
      ["$1,234.50", "1234.5000"],
      ["1 234,50", "1234.5000"], // European: space thousands, decimal comma
      ["1.234,50", "1234.5000"],
      ["1234,5", "1234.5000"],
      ["1,234", "1234.0000"], // a comma before three digits groups thousands
      ["12%", "0.1200"],
      ["(123.00)", "-123.0000"], // accountants' negative
      ["-7", "-7.0000"],
      ["1.2万", "12000.0000"],
      ["3亿", "300000000.0000"],
      ["RMB 88", "88.0000"],
      ["1e3", "1000.0000"],
      ["", null],
      ["N/A", null],
      ["abc", null],
      ["1.2.3", null],
      ["nan", null],
      ["inf", null],
    ];
    expect(await parse(amount, cases.map((c) => c[0]))).toEqual(cases.map((c) => c[1]));
  });

  test("take a forced decimal comma from the mapping", async () => {
    expect(await parse(amount, ["1.234", "1,5"], opts({ decimal: "," }))).toEqual(["1234.0000", "1.5000"]);
  });

  test("read a probability written 60, 60% or 0.6 as 0.6", async () => {
    expect(await parse(col("opportunities", "probability"), ["60", "60%", "0.6", "100%"])).toEqual(["0.6000", "0.6000", "0.6000", "1.0000"]);
  });

  test("accept whole numbers only where the column is an integer", async () => {
    expect(await parse(col("order_lines", "line_number"), ["3", "3.0", "3.5", "x"])).toEqual(["3", "3", null, null]);
  });
});

describe("dates", () => {
  const d = col("orders", "order_date");
  test("read ISO, slashed, Chinese, compact, US and European forms", async () => {
    const cases: [string, string | null][] = [
      ["2024-03-05", "2024-03-05"],
      ["2024/3/5", "2024-03-05"],
      ["2024.03.05", "2024-03-05"],
      ["2024年3月5日", "2024-03-05"],
      ["20240305", "2024-03-05"],
      ["3/5/2024", "2024-03-05"], // US month/day, as in many English exports
      ["05.03.2024", "2024-03-05"],
      ["2024-03-05 14:30:00", "2024-03-05"],
      ["2024-03-05T14:30:00.000Z", "2024-03-05"],
      ["2024-03", "2024-03-01"],
      ["45356", "2024-03-05"], // Excel serial
      ["2024-02-30", null], // impossible
      ["1850-01-01", null], // out of range
      ["yesterday", null],
    ];
    expect(await parse(d, cases.map((c) => c[0]))).toEqual(cases.map((c) => c[1]));
  });

  test("try the mapping's formats first, so 05/03/2024 can mean 5 March", async () => {
    expect(await parse(d, ["05/03/2024"], opts({ dateFormats: ["%d/%m/%Y", ...mapping.dateFormats] }))).toEqual(["2024-03-05"]);
  });

  test("keep the time of day in _at columns", async () => {
    expect(await parse(col("tickets", "created_at"), ["2024-03-05 14:30:00", "2024/3/5 9:05"])).toEqual(["2024-03-05 14:30:00", "2024-03-05 09:05:00"]);
  });
});

test("booleans read yes/no words in English and Chinese", async () => {
  expect(await parse(col("products", "is_active"), ["yes", "N", "是", "否", "1", "maybe"])).toEqual(["true", "false", "true", "false", "true", null]);
});

test("enums map export wording through the value maps", async () => {
  expect(await parse(col("opportunities", "stage"), ["赢单", "Closed Won", "方案报价", "negotiation", "unknown"])).toEqual(["won", "won", "proposal", "negotiation", null]);
});

test("the SQL checks and the zod schema agree on typed rows", async () => {
  // The same rows parsed by SQL, then judged by zod: what SQL accepts, zod accepts.
  const row = (await all(db.conn, `select ${parseExpr(col("opportunities", "stage"), "'输单'", opts())} as stage,
    ${parseExpr(col("opportunities", "probability"), "'35%'", opts())}::double as probability,
    ${parseExpr(col("opportunities", "created_date"), "'2024/1/2'", opts())} as created_date,
    'OP1' as opportunity_id`))[0]!;
  expect(parseRow("opportunities", row).success).toBe(true);
  expect(parseRow("opportunities", { ...row, probability: 1.5 }).success).toBe(false);
  expect(parseRow("opportunities", { ...row, stage: "maybe" }).success).toBe(false);
});

describe("the checks of a typed row", () => {
  // order_lines: order_id a required id, quantity a required number, amount a number, product_id an id.
  const rows: [string | null, string | null, string | null, string | null][] = [
    ["O1", "2", "10", "P1"],
    ["  ", "2", "10", "P1"],
    ["O3", "n/a", "10", "P1"],
    ["O4", "two", "10", "P1"],
    ["O5", "1", "N/A", "P1"],
    ["O6", "1", " ", "P1E5"],
    ["1.23E+11", "1", "5", "P1"],
    ["O8", "1", "无", "3e5"],
    ["O9", "1", "1,5", "P1"],
  ];
  const mapped = (names: string[]): MappedColumn[] =>
    names.map((name, i) => { const c = col("order_lines", name); return { col: c, source: `c${i}`, header: name, required: c.required }; });

  test("flag what is missing, unreadable or an id in scientific notation, and give each bad row its reasons", async () => {
    await db.conn.run(`create or replace temp table stage_checks as select * from (values ${rows
      .map((r, i) => `(${i + 1}, ${r.map((v) => (v === null ? "null" : lit(v))).join(", ")})`).join(", ")}) t(__row, c0, c1, c2, c3)`);
    const sql = typedSelect("stage_checks", columnsOf("order_lines"), mapped(["order_id", "quantity", "amount", "product_id"]), opts(), ROW_CHECKS.order_lines);
    const bad = await all<{ __row: number; __bad: boolean }>(db.conn, `select __row::int as __row, __bad from (${sql.sql}) order by __row`);
    expect(bad.filter((r) => r.__bad).map((r) => r.__row)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const reasons = await all<{ r: number; column: string; value: string | null; reason: string }>(db.conn,
      `select __row::int as r, e.column as "column", e.value as value, e.reason as reason from (${sql.errors("true")}) order by r, 2, reason`);
    const number = "a number such as 1234.50, ¥1,234.50, 12% or (123.00)";
    const noAmount = "no amount, and no unit price to work it out from";
    const scientific = "an id in scientific notation: the spreadsheet stored the code as a number and may have rounded it, format the column as text and export again";
    expect(reasons).toEqual([
      { r: 2, column: "order_id", value: "  ", reason: "required value is missing (expected text)" },
      { r: 3, column: "quantity", value: "n/a", reason: `required value is missing (expected ${number})` },
      { r: 4, column: "quantity", value: "two", reason: `expected ${number}` },
      { r: 5, column: "amount", value: "N/A", reason: noAmount },
      { r: 6, column: "amount", value: " ", reason: noAmount },
      { r: 7, column: "order_id", value: "1.23E+11", reason: scientific },
      { r: 8, column: "amount", value: "无", reason: noAmount },
      { r: 8, column: "product_id", value: "3e5", reason: scientific },
    ]);
  });
});
