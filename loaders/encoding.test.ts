import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { decodeHead, detectEncoding, normalizeEncoding, transcodeToUtf8 } from "./encoding.ts";

const text = "客户编号,客户名称,金额\nC001,苏州恒达精密机械有限公司,\"1,234.50\"\n";

describe("detectEncoding", () => {
  test("reads plain UTF-8 as UTF-8", () => {
    expect(detectEncoding(Buffer.from(text))).toEqual({ encoding: "utf-8", bom: false });
  });
  test("recognises the UTF-8 BOM Excel writes", () => {
    expect(detectEncoding(Buffer.from("\ufeff" + text))).toEqual({ encoding: "utf-8", bom: true });
  });
  test("takes bytes that are not UTF-8 as GB18030, which covers GBK", () => {
    expect(detectEncoding(iconv.encode(text, "gbk")).encoding).toBe("gb18030");
  });
  test("recognises UTF-16 'Unicode text' from Excel by its BOM", () => {
    expect(detectEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])).encoding).toBe("utf-16le");
  });
  test("does not mistake a multi-byte character cut at the end of the sample for GBK", () => {
    const buf = Buffer.from(text + "客");
    expect(detectEncoding(buf.subarray(0, buf.length - 1)).encoding).toBe("utf-8");
  });
});

test("decodeHead decodes GBK and drops a BOM", () => {
  expect(decodeHead(iconv.encode(text, "gbk"), "gb18030")).toBe(text);
  expect(decodeHead(Buffer.from("\ufeff" + text), "utf-8")).toBe(text);
});

test("transcodeToUtf8 converts a GBK file whole, across chunk boundaries", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tb-enc-"));
  const big = text.repeat(50_000);
  writeFileSync(join(dir, "in.csv"), iconv.encode(big, "gbk"));
  await transcodeToUtf8(join(dir, "in.csv"), join(dir, "out.csv"), "gb18030");
  expect(readFileSync(join(dir, "out.csv"), "utf8")).toBe(big);
});

test("normalizeEncoding accepts common names and rejects unknown ones", () => {
  expect(normalizeEncoding("GBK")).toBe("gb18030");
  expect(normalizeEncoding("utf8")).toBe("utf-8");
  expect(() => normalizeEncoding("latin9")).toThrowErrorMatchingInlineSnapshot(
    `[Error: unknown encoding "latin9": expected one of utf-8, gb18030, gbk, utf-16le, utf-16be]`,
  );
});
