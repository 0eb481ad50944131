/**
 * Names and values from files, mapping files and config reach SQL only as quoted literals or
 * identifiers: quotes and semicolons in any of them are data, never SQL.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cutToAudience } from "./audience.ts";
import { all, openDb } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { writeXlsx } from "../lib/xlsx-writer.ts";
import { ingest } from "./ingest.ts";

const EVIL = `x'; drop table raw_orders; --"`;

describe("quotes and semicolons", () => {
  test("in file names, sheet names, headers, mapping rules, value maps, date formats and values load as data", async () => {
    const root = mkdtempSync(join(tmpdir(), "tb-inject-"));
    const src = join(root, "exports");
    mkdirSync(src);
    const header = `Beleg"; drop table quarantine; --`;
    writeFileSync(join(src, `sales'; drop table raw_customers; --.csv`),
      `${header},Datum,Kunde,Artikel,Menge,Betrag\n` +
      `"B'1;",2024'03'05,"C'1; drop table x; --",P1,2,100\n` +
      `B2,2024'03'06,C2,P1,1,"{{ var('x') }}"\n`);
    writeXlsx(join(src, "opportunities.xlsx"), [{ name: `商机'; drop table raw_orders; --`, rows: [
      ["商机编号", "客户编号", "阶段", "金额"],
      ["OP1", "C'1; drop table x; --", `won'; --`, 10],
    ] }]);
    const mapping = join(root, "mapping.yml");
    writeFileSync(mapping, [
      "files:",
      `  - match: "sales'*.csv"`,
      "    table: order_lines",
      `    date_formats: ["%Y'%m'%d"]`,
      `    columns: {order_id: '${header.replace(/'/g, "''")}', order_date: Datum, customer_id: Kunde, product_id: Artikel, quantity: Menge, amount: Betrag}`,
      "values:",
      `  stage: {"won'; --": won}`,
    ].join("\n"));
    const warehouse = join(root, "warehouse.duckdb");
    const result = await ingest({ sources: [src], warehouse, mapping, progress: silent, maxBadShare: 1 });
    const db = await openDb(warehouse);
    try {
      expect(await all(db.conn, "select order_id, strftime(order_date, '%Y-%m-%d') d, customer_id from raw_orders order by 1")).toEqual([
        { order_id: "B'1;", d: "2024-03-05", customer_id: "C'1; drop table x; --" },
      ]);
      // The template braces are a bad amount, quarantined as text.
      expect(await all(db.conn, "select source, column_name, value from quarantine")).toEqual([
        { source: `sales'; drop table raw_customers; --.csv`, column_name: "amount", value: "{{ var('x') }}" },
      ]);
      expect(await all(db.conn, "select opportunity_id, stage, _source from raw_opportunities")).toEqual([
        { opportunity_id: "OP1", stage: "won", _source: `opportunities.xlsx [商机'; drop table raw_orders; --]` },
      ]);
      expect(result.sources.map((s) => s.read)).toEqual([1, 2]);
      // An audience naming such a department cuts rows, and drops no table.
      await db.conn.run(`insert into raw_departments (department_id) values (${"'" + EVIL.replace(/'/g, "''") + "'"})`);
      await cutToAudience(db.conn, "evil", { departments: [EVIL], salespeople: [EVIL], include_sub_departments: true });
      const tables = await all<{ n: string }>(db.conn, "select table_name as n from information_schema.tables where table_name in ('raw_orders', 'raw_customers', 'quarantine') order by 1");
      expect(tables.map((t) => t.n)).toEqual(["quarantine", "raw_customers", "raw_orders"]);
      expect(await all(db.conn, "select department_id from raw_departments")).toEqual([{ department_id: EVIL }]);
    } finally {
      db.close();
    }
  });
});
