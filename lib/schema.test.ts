import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { columnsOf, keyOf, parseRow, schemaMarkdown, TABLE_NAMES } from "./schema.ts";

describe("the canonical schema", () => {
  test("gives every table but targets a single-column key", () => {
    expect(Object.fromEntries(TABLE_NAMES.map((t) => [t, keyOf(t) ?? null]))).toMatchObject({
      customers: "customer_id", orders: "order_id", order_lines: null, invoices: "invoice_id", targets: null,
    });
  });

  test("reads kinds, required flags and enum values from the zod definitions", () => {
    const stage = columnsOf("opportunities").find((c) => c.name === "stage")!;
    expect(stage).toMatchObject({ kind: "enum", required: true, values: ["lead", "qualified", "proposal", "negotiation", "won", "lost"] });
    expect(columnsOf("tickets").find((c) => c.name === "created_at")!.kind).toBe("timestamp");
    expect(columnsOf("order_lines").find((c) => c.name === "line_number")!.kind).toBe("integer");
  });

  test("rejects rows that break it, through zod", () => {
    expect(parseRow("orders", { order_id: "O1", order_date: new Date(), customer_id: "C1" }).success).toBe(true);
    expect(parseRow("orders", { order_id: "O1", customer_id: "C1" }).success).toBe(false);
    expect(parseRow("orders", { order_id: "", order_date: new Date(), customer_id: "C1" }).success).toBe(false);
  });

  test("is documented in the README exactly as defined", () => {
    const readme = readFileSync(resolve(import.meta.dirname, "../README.md"), "utf8");
    const section = readme.split("<!-- schema:start -->\n")[1]!.split("<!-- schema:end -->")[0];
    expect(section).toBe(schemaMarkdown());
  });
});
