/**
 * Splits a generated sample into its history and its last month, as a company would send them:
 * the history folder with every export (the dated ones cut before the month), and the month's
 * folder with the orders, order lines, invoices and payments of the month. For the incremental
 * build's test (cli/incremental.test.ts) and benchmark (bench/run.ts). Lines are copied as bytes:
 * GBK files stay GBK.
 */
import { copyFileSync, createReadStream, createWriteStream, mkdirSync, readdirSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** The fields of a CSV line, quotes kept (amounts are quoted with thousands separators). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** A date cell's year and month, 2026-10 (from 2026-10-03 or 2026/10/3). */
export const yearMonth = (cell: string | undefined) => {
  const m = /(\d{4})[-/](\d{1,2})/.exec(cell ?? "");
  return m ? `${m[1]}-${m[2]!.padStart(2, "0")}` : "";
};

const write = async (out: WriteStream, text: string) => {
  if (!out.write(text, "latin1")) await once(out, "drain");
};

/**
 * Copies `file`'s header to both outputs and each line to `after` when `isNew(fields)`, else to
 * `before`. Read as latin1, so every byte passes unchanged (GBK never uses a comma or a quote
 * byte inside a character). Returns the first field of the lines sent to `after`.
 */
async function splitFile(file: string, before: string, after: string, isNew: (fields: string[]) => boolean): Promise<Set<string>> {
  const outs = [createWriteStream(before), createWriteStream(after)] as const;
  const keys = new Set<string>();
  let header = true;
  for await (const line of createInterface({ input: createReadStream(file, { encoding: "latin1" }), crlfDelay: Infinity })) {
    if (header) {
      header = false;
      for (const o of outs) await write(o, line + "\n");
      continue;
    }
    const fields = csvFields(line);
    const late = isNew(fields);
    if (late) keys.add(fields[0]!);
    await write(outs[late ? 1 : 0], line + "\n");
  }
  for (const o of outs) {
    o.end();
    await once(o, "finish");
  }
  return keys;
}

/** The sample's dated exports and the column (0-based) of the date that places a row in a month. */
const DATED = { orders: ["orders.csv", 1], invoices: ["发票.csv", 3], payments: ["回款记录.csv", 3] } as const;

/**
 * Writes `history/` (every export of `sample`, rows of `month` and later left out) and
 * `<month>/` (orders, order lines, invoices and payments of the month and later) under `out`.
 */
export async function splitLastMonth(sample: string, out: string, month: string): Promise<{ history: string; month: string; orders: number }> {
  const history = join(out, "history");
  const last = join(out, month);
  mkdirSync(history, { recursive: true });
  mkdirSync(last, { recursive: true });
  const dated = new Set<string>([...Object.values(DATED).map(([f]) => f), "order_lines.csv"]);
  for (const f of readdirSync(sample)) if (!dated.has(f) && !f.startsWith(".")) copyFileSync(join(sample, f), join(history, f));
  const byDate = (column: number) => (fields: string[]) => yearMonth(fields[column]) >= month;
  const [ordersFile, ordersColumn] = DATED.orders;
  const newOrders = await splitFile(join(sample, ordersFile), join(history, ordersFile), join(last, ordersFile), byDate(ordersColumn));
  await splitFile(join(sample, "order_lines.csv"), join(history, "order_lines.csv"), join(last, "order_lines.csv"), (fields) => newOrders.has(fields[0]!));
  for (const [file, column] of [DATED.invoices, DATED.payments]) await splitFile(join(sample, file), join(history, file), join(last, file), byDate(column));
  return { history, month: last, orders: newOrders.size };
}
