import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import iconv from "iconv-lite";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, test } from "vitest";
import { queryFile } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { BAD_INPUTS } from "./fixtures/bad-inputs.ts";
import { ingest, IngestError } from "./ingest.ts";
import { InputError } from "./read.ts";
import { WorkbookError } from "./xlsx.ts";
import { MappingError } from "./mapping.ts";

const query = queryFile;

describe("every export in the bad-input corpus is loaded, quarantined with its reason, or refused with a message", () => {
  test("the corpus has at least 30 cases", () => expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30));

  test.each(BAD_INPUTS.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const root = mkdtempSync(join(tmpdir(), "tb-bad-"));
    const src = join(root, "exports");
    mkdirSync(src);
    for (const [name, body] of Object.entries(c.files)) writeFileSync(join(src, name), body);
    const warehouse = join(root, "data", "warehouse.duckdb");
    const run = ingest({ sources: [src], warehouse, progress: silent, maxBadShare: 1 });
    if (c.error) {
      const err = await run.then(() => null, (e: unknown) => e);
      // Only these errors are printed as a message without a stack trace by the CLI.
      expect([IngestError, InputError, WorkbookError, MappingError].some((k) => err instanceof k), String(err)).toBe(true);
      expect((err as Error).message).toMatch(c.error);
      return;
    }
    const result = await run;
    for (const s of result.sources) expect(s.read, basename(s.file)).toBe(s.loaded + s.quarantined);
    const loaded = Object.fromEntries(result.sources.map((s) => [basename(s.file), s.loaded]));
    expect(loaded).toMatchObject(c.loaded ?? {});
    const q = await query(warehouse, "select source, row_number::int row_number, column_name, value, reason, record from quarantine order by source, row_number, column_name");
    expect(q.length).toBe((c.quarantined ?? []).length);
    (c.quarantined ?? []).forEach((want, i) => {
      const got = q[i]!;
      expect({ file: got.source, row: got.row_number, column: got.column_name }).toEqual({ file: want.file, row: want.row, column: want.column });
      if (want.value !== undefined) expect(got.value).toBe(want.value);
      expect(got.reason).toMatch(want.reason);
      if (want.record) expect(got.record).toMatch(want.record);
    });
    // Quarantined rows add up with the per-file counts.
    for (const s of result.sources) expect(new Set(q.filter((r) => r.source === basename(s.file)).map((r) => r.row_number)).size, basename(s.file)).toBe(s.quarantined);
    if (c.note) expect(result.sources.find((s) => basename(s.file) === c.note!.file)?.note ?? "").toMatch(c.note.text);
    if (c.check) expect(await query(warehouse, c.check.sql)).toEqual(c.check.rows);
  });
});

describe("a 500 MB export", () => {
  test("streams through: every row loaded or quarantined, including bad rows and a GBK line far past the first megabyte", async () => {
    const root = mkdtempSync(join(tmpdir(), "tb-big-"));
    const src = join(root, "exports");
    mkdirSync(src);
    const file = join(src, "sales.csv");
    const remark = "备注".repeat(100) + "x".repeat(200);
    const fd = openSync(file, "w");
    writeSync(fd, "order_id,order_date,customer_id,product_id,quantity,amount,remark\n");
    const perChunk = 10_000;
    let rows = 0;
    while (statSync(file).size < 500 * 1024 * 1024) {
      const chunk: string[] = [];
      for (let i = 0; i < perChunk; i++, rows++) chunk.push(`O${rows},2024-01-${String((rows % 28) + 1).padStart(2, "0")},C${rows % 997},P${rows % 50},1,${rows % 1000}.50,${remark}`);
      writeSync(fd, chunk.join("\n") + "\n");
    }
    writeSync(fd, `X1,2024-02-30,C1,P1,1,10,bad date\nX2,2024-01-01,C1,P1,one,10,bad quantity\n`);
    writeSync(fd, iconv.encode("X3,2024-01-01,C1,P1,1,10,乙公司\n", "gbk"));
    closeSync(fd);
    const warehouse = join(root, "data", "warehouse.duckdb");
    const result = await ingest({ sources: [src], warehouse, progress: silent });
    const s = result.sources[0]!;
    expect(s.read).toBe(rows + 3);
    expect(s.read).toBe(s.loaded + s.quarantined);
    expect(s.quarantined).toBe(3);
    const q = await query(warehouse, "select row_number::bigint r, column_name, reason from quarantine order by 1");
    expect(q.map((x) => [Number(x.r) - rows - 1, x.column_name, String(x.reason).split(":")[0]])).toEqual([
      [1, "order_date", "expected a date between 1900 and 2100 in one of the formats %Y-%m-%d, %Y/%m/%d, %Y.%m.%d, %Y年%m月%d日, %Y-%m-%d %H"],
      [2, "quantity", "expected a number such as 1234.50, ¥1,234.50, 12% or (123.00)"],
      [3, null, "the text is not valid in the file's encoding (mixed encodings?)"],
    ]);
    rmSync(root, { recursive: true, force: true });
  }, 600_000);
});
