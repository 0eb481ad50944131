import { expect, test } from "vitest";
import { all, openDb } from "../../lib/duckdb.ts";
import { CUSTOMER_KEY_SQL } from "../../lib/site-data.ts";
import { customerKey } from "./customer-key.ts";

test("the page finds a customer's file with the same key DuckDB wrote it under, for any id", async () => {
  const ids = ["C00001", "", "客户-001", "a b/c?d#e", "O'Brien & Co", "😀x"];
  const db = await openDb();
  try {
    const rows = await all<{ id: string; k: string }>(db.conn, `select id, ${CUSTOMER_KEY_SQL("id")} as k from unnest([${ids.map((i) => `'${i.replace(/'/g, "''")}'`).join(", ")}]) t(id)`);
    expect(rows.map((r) => r.k)).toEqual(ids.map(customerKey));
  } finally {
    db.close();
  }
});
