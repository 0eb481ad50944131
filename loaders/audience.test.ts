/**
 * The audience rule (loaders/audience.ts) on exports built to cross the boundary in every way
 * found: a customer sold to by another department, a customer with no owner who bought from two
 * departments, an opportunity of another department's customer worked by one of ours (it used
 * to pass for a prospect), prospects of both, receipts on account, and the ingest's own counts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { all, openDb } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { cutStamp, cutToAudience, OUTSIDE } from "./audience.ts";
import { ingest } from "./ingest.ts";

const root = mkdtempSync(join(tmpdir(), "tb-audience-"));
const FILES = {
  "departments.csv": "department_id,department_name\nD1,East\nD2,West\n",
  "salespeople.csv": "salesperson_id,salesperson_name,department_id\nS1,Wang East,D1\nS2,Li West,D2\n",
  // C3 has no owner: a flat export's customer.
  "customers.csv": "customer_id,customer_name,owner_id\nC1,Eastco,S1\nC2,Westco,S2\nC3,Nobodys,\n",
  "products.csv": "product_id,product_name\nP1,Sensor\nP2,WestOnlyValve\n",
  "orders.csv": [
    "order_id,order_date,customer_id,salesperson_id,department_id",
    "O1,2024-01-05,C1,S1,D1", // ours
    "O2,2024-01-06,C1,S2,D2", // ours (C1 is ours), sold by the west
    "O3,2024-01-07,C2,S2,D2", // theirs
    "O4,2024-01-08,C3,S1,D1", // no owner, sold by us
    "O5,2024-01-09,C3,S2,D2", // no owner, sold by them
  ].join("\n") + "\n",
  "order_lines.csv": "order_id,line_no,product_id,quantity,amount\nO1,1,P1,1,100\nO2,1,P1,1,200\nO3,1,P2,1,300\nO4,1,P1,1,400\nO5,1,P2,1,500\n",
  "invoices.csv": "invoice_id,customer_id,order_id,invoice_date,due_date,amount\nI1,C1,O1,2024-01-05,2024-02-05,100\nI3,C2,O3,2024-01-07,2024-02-07,300\nI4,C3,O4,2024-01-08,2024-02-08,400\nI5,C3,O5,2024-01-09,2024-02-09,500\n",
  "payments.csv": "payment_id,customer_id,invoice_id,payment_date,amount\nP1,C1,I1,2024-01-20,100\nP3,C2,I3,2024-01-20,300\nP5,C3,I5,2024-01-20,500\nP6,C1,,2024-01-21,50\nP7,C2,,2024-01-21,70\n",
  "opportunities.csv": [
    "opportunity_id,customer_id,customer_name,opportunity_name,stage,amount,created_date,salesperson_id",
    "OP1,C1,Eastco,Renewal,proposal,1000,2024-01-02,S1",
    "OP2,C2,Westco,Cross-sell,proposal,2000,2024-01-02,S1", // our salesperson on their customer
    "OP3,X9,Eastprospect,New,lead,3000,2024-01-02,S1", // our prospect
    "OP4,X8,Westprospect,New,lead,4000,2024-01-02,S2", // their prospect
  ].join("\n") + "\n",
  "tickets.csv": "ticket_id,customer_id,created_at,priority\nT1,C1,2024-01-03,high\nT2,C2,2024-01-03,low\nT3,C3,2024-01-03,low\n",
};

let warehouse: string;
let companyStates: Record<string, unknown>[];
const EAST = { departments: ["D1"], salespeople: [], include_sub_departments: true };
const rows = async (sql: string) => {
  const db = await openDb(warehouse, { readOnly: true });
  try {
    return await all(db.conn, sql);
  } finally {
    db.close();
  }
};
const ids = async (table: string, col: string) => (await rows(`select ${col} as id from ${table} order by 1`)).map((r) => r.id);

beforeAll(async () => {
  mkdirSync(join(root, "exports"));
  for (const [f, body] of Object.entries(FILES)) writeFileSync(join(root, "exports", f), body);
  warehouse = join(root, "w.duckdb");
  await ingest({ sources: [join(root, "exports")], warehouse, progress: silent });
  const db = await openDb(warehouse);
  try {
    companyStates = await all(db.conn, "select table_name, ingest_id from ingest_table_state order by 1");
    expect(await cutToAudience(db.conn, "east", EAST)).toBe(3);
  } finally {
    db.close();
  }
}, 60_000);

describe("an audience site's rows", () => {
  test("its own customers with all their orders; of an ownerless customer only what it sold", async () => {
    // X9 is the prospect its salesperson works (kept by the ingest as a customer with no owner).
    expect(await ids("raw_customers", "customer_id")).toEqual(["C1", "C3", "X9"]);
    expect(await rows("select order_id, salesperson_id, department_id from raw_orders order by 1")).toEqual([
      { order_id: "O1", salesperson_id: "S1", department_id: "D1" },
      // C1's order sold by the west: C1's revenue, the seller shown only as outside.
      { order_id: "O2", salesperson_id: OUTSIDE, department_id: OUTSIDE },
      { order_id: "O4", salesperson_id: "S1", department_id: "D1" },
    ]);
    expect(await ids("raw_order_lines", "order_id")).toEqual(["O1", "O2", "O4"]);
    expect(await ids("raw_products", "product_id")).toEqual(["P1"]);
  });

  test("invoices and receipts follow the orders and the owned customers", async () => {
    expect(await ids("raw_invoices", "invoice_id")).toEqual(["I1", "I4"]);
    // P6 is C1's receipt on account; P5 paid the west's sale to C3, P7 is C2's.
    expect(await ids("raw_payments", "payment_id")).toEqual(["P1", "P6"]);
  });

  test("an opportunity on another department's customer is not taken for a prospect", async () => {
    expect(await ids("raw_opportunities", "opportunity_id")).toEqual(["OP1", "OP3"]);
    expect(await ids("raw_tickets", "ticket_id")).toEqual(["T1", "T3"]);
  });

  test("no id or name of the other department is left in any table", async () => {
    const tables = (await rows("select table_name from information_schema.tables where table_schema = 'main'")).map((r) => String(r.table_name));
    for (const t of tables) {
      const text = JSON.stringify(await rows(`select * from "${t}"`), (_, v) => (typeof v === "bigint" ? Number(v) : v));
      for (const word of ["Westco", "Li West", "West", "S2", "D2", "C2", "X8", "Westprospect", "WestOnlyValve", "P7", "I5", "O5", "O3"])
        expect(text.includes(`"${word}"`), `${word} in ${t}`).toBe(false);
    }
  });

  test("its tables name the cut they hold, so no model or site file made from the company's rows or another cut passes for its own", async () => {
    const states = await rows("select table_name, ingest_id from ingest_table_state order by 1");
    expect(states.length).toBeGreaterThan(10);
    expect(states).toEqual(companyStates.map((r) => ({ ...r, ingest_id: `${r.ingest_id}:${cutStamp("east", EAST)}` })));
    // Another cut of the same name (a department added, sub-departments left out, another salesperson) is named apart.
    const others = [{ ...EAST, departments: ["D1", "D3"] }, { ...EAST, include_sub_departments: false }, { ...EAST, salespeople: ["S2"] }];
    expect(new Set([EAST, ...others].map((a) => cutStamp("east", a))).size).toBe(4);
    expect(cutStamp("east", { ...EAST, departments: ["D1", "D3"] })).toBe(cutStamp("east", { ...EAST, departments: ["D3", "D1"] }));
  });

  test("the Data sources counts are the audience's, not the company's", async () => {
    expect(await rows("select table_name, row_count::int as n from ingest_tables where table_name in ('customers', 'orders', 'opportunities') order by 1")).toEqual([
      { table_name: "customers", n: 3 },
      { table_name: "opportunities", n: 2 },
      { table_name: "orders", n: 3 },
    ]);
    expect(await rows("select regexp_extract(file, '[^/]+$') as f, rows_read::int as r, rows_loaded::int as l from ingest_sources where table_name in ('customers', 'payments') order by 1")).toEqual([
      { f: "customers.csv", r: 2, l: 2 },
      { f: "payments.csv", r: 2, l: 2 },
    ]);
  });
});
