import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { all, openDb, type Db } from "../lib/duckdb.ts";
import { loadMapping } from "./mapping.ts";
import { columnsOf, parseRow, type ColumnDef, type TableName } from "../lib/schema.ts";
import { MACROS, parseExpr, type ParseOptions } from "./validate.ts";
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
