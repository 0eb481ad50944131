import { describe, expect, test } from "vitest";
import { fromColumns } from "./charts.ts";

describe("fromColumns", () => {
  test("makes a columnar page file's columns into rows, whatever its first column", () => {
    expect(fromColumns({ id: ["C1", "C2"], revenue: [10, null], is_review: [true, false] })).toEqual([
      { id: "C1", revenue: 10, is_review: true },
      { id: "C2", revenue: null, is_review: false },
    ]);
  });

  test("makes no rows of the empty file a model without rows is written as", () => {
    expect(fromColumns({})).toEqual([]);
  });
});
