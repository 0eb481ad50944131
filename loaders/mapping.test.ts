import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { classify, hintedTable, loadMapping, matchColumns } from "./mapping.ts";

const presets = loadMapping();
const dir = mkdtempSync(join(tmpdir(), "tb-map-"));
const columnsOf = (m: ReturnType<typeof matchColumns>, headers: string[]) => Object.fromEntries([...m.columns].map(([c, i]) => [c, headers[i]]));

describe("presets", () => {
  test("map a Chinese ERP sales-detail export with no mapping file", () => {
    const headers = ["订单编号", "订单日期", "客户编号", "客户名称", "产品编号", "产品名称", "数量", "单价(元)", "金额（元）", "成本", "毛利", "备注"];
    const m = classify(presets, ["销售明细.csv"], headers)!;
    expect(m.table).toBe("order_lines");
    expect(columnsOf(m, headers)).toEqual({
      order_id: "订单编号", order_date: "订单日期", customer_id: "客户编号", customer_name: "客户名称", product_id: "产品编号",
      product_name: "产品名称", quantity: "数量", unit_price: "单价(元)", amount: "金额（元）", cost: "成本", profit: "毛利",
    });
    expect(m.ignored).toEqual(["备注"]);
  });

  test("map the English 'Order ID / Order Date / … / Sales / Quantity / Profit' export", () => {
    const headers = ["Row ID", "Order ID", "Order Date", "Customer ID", "Customer Name", "Product ID", "Sales", "Quantity", "Profit"];
    const m = classify(presets, ["superstore.csv"], headers)!;
    expect(m.table).toBe("order_lines");
    expect(columnsOf(m, headers)).toEqual({
      order_id: "Order ID", order_date: "Order Date", customer_id: "Customer ID", customer_name: "Customer Name",
      product_id: "Product ID", amount: "Sales", quantity: "Quantity", profit: "Profit",
    });
    expect(m.ignored).toEqual(["Row ID"]);
  });

  test("tell invoices from payments by their headers when the file name says nothing", () => {
    expect(classify(presets, ["export1.csv"], ["发票号码", "客户编号", "开票日期", "到期日", "发票金额"])!.table).toBe("invoices");
    expect(classify(presets, ["export2.csv"], ["回款单号", "客户编号", "发票号码", "回款日期", "回款金额"])!.table).toBe("payments");
  });

  test("read table names from file names in English and Chinese, with a year suffix", () => {
    expect(hintedTable("customers.xlsx")).toBe("customers");
    expect(hintedTable("回款记录.csv")).toBe("payments");
    expect(hintedTable("Orders_2024.csv")).toBe("orders");
    expect(hintedTable("stuff.csv")).toBeUndefined();
  });
});

describe("mapping files", () => {
  test("add aliases, value maps and formats on top of the presets", () => {
    const file = join(dir, "m.yml");
    writeFileSync(file, `date_formats: ["%d/%m/%Y"]\naliases:\n  customers:\n    customer_id: [Kundennummer]\nvalues:\n  stage:\n    Phase 1: lead\n`);
    const m = loadMapping(file);
    expect(m.dateFormats[0]).toBe("%d/%m/%Y");
    expect(m.values.stage!["phase 1"]).toBe("lead");
    expect(matchColumns(m, "customers", ["Kundennummer", "Name"]).columns.get("customer_id")).toBe(0);
  });

  test("say what is wrong with an invalid mapping file, by path", () => {
    const file = join(dir, "bad.yml");
    writeFileSync(file, `decimal: ";"\nfiles:\n  - match: "*.csv"\n    table: widgets\n    colums: {}\n`);
    expect(() => loadMapping(file)).toThrowErrorMatchingInlineSnapshot(`
      [Error: mapping file ${file} is not valid:
        - decimal: Invalid option: expected one of "auto"|"."|","
        - files.0.table: Invalid option: expected one of "departments"|"salespeople"|"customers"|"products"|"orders"|"order_lines"|"invoices"|"payments"|"opportunities"|"tickets"|"targets"
        - files.0: Unrecognized key: "colums"]
    `);
  });

  test("reject a column rule naming a column the table does not have", () => {
    const file = join(dir, "badcol.yml");
    writeFileSync(file, `files:\n  - match: "x.csv"\n    table: orders\n    columns: {amount: 金额}\n`);
    expect(() => loadMapping(file)).toThrow(/files\.0\.columns\.amount: orders has no column amount/);
  });

  test("stop when a rule sends one header to two columns", () => {
    const file = join(dir, "twice.yml");
    writeFileSync(file, `files:\n  - match: "x.csv"\n    table: order_lines\n    columns: {amount: Betrag, unit_price: Betrag}\n`);
    const mapping = loadMapping(file);
    const headers = ["order_id", "order_date", "customer_id", "product_id", "quantity", "Betrag"];
    expect(() => matchColumns(mapping, "order_lines", headers, mapping.file.files![0])).toThrow(
      /the mapping file's rule "x\.csv" sends the header "Betrag" to two columns, amount and unit_price/,
    );
  });
});
