import { describe, expect, test } from "vitest";
import { all, inRowidSlices, isBaseTable, openDb, sizeInBytes, type Db } from "./duckdb.ts";

// An in-memory database for one test, closed after it.
async function inMemory(body: (db: Db) => Promise<void>) {
  const db = await openDb();
  try {
    await body(db);
  } finally {
    db.close();
  }
}

describe("reading a table a slice at a time", () => {
  test("gives every row once, in the table's stored order, a slice of rowids at a time", () =>
    inMemory(async (db) => {
      // Stored newest first, so that the order given is the table's, not the key's.
      await db.conn.run("create table t as select i, 'row ' || i as s from range(10) r(i) order by i desc");
      const slices: unknown[][][] = [];
      for await (const rows of inRowidSlices(db.conn, "t", (range) => `select s from t ${range}`, 3)) slices.push(rows);
      expect(slices.map((rows) => rows.length)).toEqual([3, 3, 3, 1]);
      expect(slices.flat().map(([s]) => s)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((i) => `row ${i}`));
    }));

  test("gives nothing for an empty table, and leaves the connection free for the next query when the reader stops early", () =>
    inMemory(async (db) => {
      await db.conn.run("create table empty (s varchar); create table t as select i from range(10) r(i)");
      for await (const rows of inRowidSlices(db.conn, "empty", (range) => `select s from empty ${range}`)) expect.unreachable(`rows ${rows}`);
      for await (const rows of inRowidSlices(db.conn, "t", (range) => `select i from t ${range}`, 4)) {
        expect(rows.map(([i]) => Number(i))).toEqual([0, 1, 2, 3]);
        break;
      }
      const after = await db.conn.runAndReadAll("select count(*)::int as n from t");
      expect(after.getRowObjectsJS()).toEqual([{ n: 10 }]);
    }));

  test("knows a table, which has rowids, from a view, which has none", () =>
    inMemory(async (db) => {
      await db.conn.run("create table t (i int); create view v as select * from t");
      expect([await isBaseTable(db.conn, "t"), await isBaseTable(db.conn, "v"), await isBaseTable(db.conn, "nothing")]).toEqual([true, false, false]);
    }));
});

test("a memory size reads as DuckDB reads it: decimal and binary units, with or without a space", () => {
  expect(["2GB", "1500 MB", "256MiB", "1.5 GiB", "512 bytes", "lots", "80%"].map(sizeInBytes)).toEqual([2e9, 1.5e9, 256 * 2 ** 20, 1.5 * 2 ** 30, 512, undefined, undefined]);
});

test("a database gives what it frees back to the system after every 8 MB a task allocates, not DuckDB's 128 MB", () =>
  inMemory(async (db) => {
    expect(await all(db.conn, "select current_setting('allocator_flush_threshold') as t")).toEqual([{ t: "7.6 MiB" }]);
  }));
