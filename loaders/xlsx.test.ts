import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { writeXlsx, xlsxBuffer } from "../lib/xlsx-writer.ts";
import { readWorkbook, serialToIso } from "./xlsx.ts";

const dir = mkdtempSync(join(tmpdir(), "tb-xlsx-"));

describe("readWorkbook", () => {
  test("reads every sheet, with Excel row numbers, dates as ISO text and numbers as written", () => {
    const file = join(dir, "book.xlsx");
    writeXlsx(file, [
      { name: "客户", rows: [["客户编号", "名称", "创建日期", "额度"], ["C1", 'A & <B> "C"', new Date(Date.UTC(2024, 2, 5)), 12.5], [], ["C2", null, null, -3]] },
      { name: "说明", rows: [["note"]] },
      { name: "third", rows: [["a"], [null, "b"]] },
    ]);
    expect(readWorkbook(file)).toEqual([
      { name: "客户", rows: [[1, ["客户编号", "名称", "创建日期", "额度"]], [2, ["C1", 'A & <B> "C"', "2024-03-05", "12.5"]], [4, ["C2", "", "", "-3"]]] },
      { name: "说明", rows: [[1, ["note"]]] },
      { name: "third", rows: [[1, ["a"]], [2, ["", "b"]]] },
    ]);
  });

  test("reads one named sheet, and names the sheets when it is missing", () => {
    const file = join(dir, "two.xlsx");
    writeXlsx(file, [{ name: "A", rows: [["x"]] }, { name: "B", rows: [["y"]] }]);
    expect(readWorkbook(file, "B").map((s) => s.name)).toEqual(["B"]);
    expect(() => readWorkbook(file, "C")).toThrowErrorMatchingInlineSnapshot(`[Error: two.xlsx has no sheet named "C"; its sheets: A, B]`);
  });

  test("explains a password-protected workbook instead of failing obscurely", () => {
    const file = join(dir, "locked.xlsx");
    writeFileSync(file, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
    expect(() => readWorkbook(file)).toThrowErrorMatchingInlineSnapshot(
      `[Error: locked.xlsx is a password-protected workbook or an old .xls file: save it as .xlsx without a password, or as CSV]`,
    );
  });

  test("explains a truncated workbook", () => {
    const file = join(dir, "cut.xlsx");
    const buf = xlsxBuffer([{ name: "A", rows: [["x"]] }]);
    writeFileSync(file, buf.subarray(0, buf.length - 40));
    expect(() => readWorkbook(file)).toThrowErrorMatchingInlineSnapshot(
      `[Error: cut.xlsx is a damaged .xlsx file (its zip directory is missing); it may be truncated]`,
    );
  });

  test("explains a file that is not a workbook at all", () => {
    const file = join(dir, "fake.xlsx");
    writeFileSync(file, "id,name\n1,a\n");
    expect(() => readWorkbook(file)).toThrowErrorMatchingInlineSnapshot(
      `[Error: fake.xlsx is not a valid .xlsx file (it is not a zip archive); re-save it from Excel or export CSV]`,
    );
  });
});

test("serialToIso follows Excel's 1900 date system, times included", () => {
  expect(serialToIso(45356)).toBe("2024-03-05");
  expect(serialToIso(45356.5)).toBe("2024-03-05 12:00:00");
  // From 1900-03-01 on; Excel counts a 29 February 1900 that never was.
  expect(serialToIso(61)).toBe("1900-03-01");
});

test("the writer is deterministic: the same rows give the same bytes", () => {
  const rows = [{ name: "S", rows: [["a", 1, new Date(Date.UTC(2020, 0, 1))]] }];
  expect(xlsxBuffer(rows).equals(xlsxBuffer(rows))).toBe(true);
});
