/**
 * What Framework's data loaders (src/data) print: one page file each, read from the warehouse
 * at TIERBOARD_WAREHOUSE (data/warehouse.duckdb by default). `tierboard build` does not start
 * them (publish/page-files.ts prefills their cache); `npm run dev` does, and `tierboard dev`
 * touches them whenever the warehouse changes so that an open page reloads its data.
 */
import { resolve } from "node:path";
import { all, openDb } from "../lib/duckdb.ts";
import { ident, lit } from "../lib/sql.ts";
import { makeOnePageFile, PageReader, pageFileSpecs, readManifest } from "./page-files.ts";

export const warehousePath = () => resolve(process.env.TIERBOARD_WAREHOUSE ?? "data/warehouse.duckdb");

export const loaderOutput = (name: string) => makeOnePageFile(name, warehousePath());

/** One customer detail file (the customers whose file key is `key`), as the build writes it. */
export async function detailFileOutput(key: string): Promise<string> {
  const manifest = readManifest();
  const spec = [...pageFileSpecs(manifest).values()].find((s) => "lines" in s);
  if (!spec || !("lines" in spec)) return "";
  const db = await openDb(warehousePath(), { readOnly: true });
  try {
    const reader = new PageReader((sql) => all(db.conn, sql), manifest);
    const rows = await all<{ line: string }>(db.conn, `select ${ident(spec.column)} as line from (select ${reader.selectList(spec.lines)} from ${ident(spec.lines)})
      where ${ident(spec.partition_by[0]!)} = ${lit(key)}`);
    return rows.map((r) => r.line + "\n").join("");
  } finally {
    db.close();
  }
}
