/**
 * Runs bench/floor.sql with plain DuckDB and prints {read_ms, compute_ms}: the floor that
 * Tierboard's ingest and model run are compared with.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { openDb } from "../lib/duckdb.ts";

const [exportsDir, floorDir] = process.argv.slice(2);
const sql = readFileSync(resolve(import.meta.dirname, "floor.sql"), "utf8")
  .replace(/__EXPORTS__/g, resolve(exportsDir!))
  .replace(/__FLOOR__/g, resolve(floorDir!));
const statements = sql
  .split(/;\s*\n/)
  .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
  .filter(Boolean);
const db = await openDb();
let read = 0;
let compute = 0;
for (const s of statements) {
  const t0 = performance.now();
  await db.conn.run(s);
  const ms = performance.now() - t0;
  if (/read_csv/.test(s)) read += ms;
  else compute += ms;
}
db.close();
process.stdout.write(JSON.stringify({ read_ms: Math.round(read), compute_ms: Math.round(compute) }) + "\n");
