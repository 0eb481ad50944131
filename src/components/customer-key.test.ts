import { expect, test } from "vitest";
import { all, openDb } from "../../lib/duckdb.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { lit } from "../../lib/sql.ts";
import { customerKey } from "./customer-key.ts";

// The macro that names the files (macros/pages.sql), applied to a column `id`.
const macro = /macro customer_file_key\(column\) -%\}\s*([\s\S]*?)\s*\{%- endmacro/.exec(readFileSync(join(import.meta.dirname, "../../macros/pages.sql"), "utf8"))![1]!;
const CUSTOMER_KEY_SQL = (col: string) => macro.replace("{{ column }}", col);

test("the page finds a customer's file with the same key DuckDB wrote it under, for any id", async () => {
  const ids = ["C00001", "", "客户-001", "a b/c?d#e", "O'Brien & Co", "😀x"];
  const db = await openDb();
  try {
    const rows = await all<{ id: string; k: string }>(db.conn, `select id, ${CUSTOMER_KEY_SQL("id")} as k from unnest([${ids.map(lit).join(", ")}]) t(id)`);
    expect(rows.map((r) => r.k)).toEqual(ids.map(customerKey));
  } finally {
    db.close();
  }
});
