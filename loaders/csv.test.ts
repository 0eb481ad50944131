import { describe, expect, test } from "vitest";
import { csvLine, detectDelimiter, parseRecords } from "./csv.ts";

describe("parseRecords", () => {
  test("keeps delimiters, doubled quotes and newlines inside quoted fields", () => {
    expect(parseRecords('a,"b, c","say ""hi""","x\ny"\r\n1,2,3,4\n', ",")).toEqual([
      ["a", "b, c", 'say "hi"', "x\ny"],
      ["1", "2", "3", "4"],
    ]);
  });

  test("counts a last line without a newline", () => {
    expect(parseRecords("a;b\n1;2", ";")).toEqual([["a", "b"], ["1", "2"]]);
  });
});

describe("detectDelimiter", () => {
  test.each([
    ["comma", "id,name,amount\n1,a,2\n2,b,3\n", ","],
    ["tab", "id\tname\tamount\n1\ta,b\t2\n", "\t"],
    ["semicolon with decimal commas", "id;amount\n1;1,50\n2;2,75\n", ";"],
    ["pipe", "id|name\n1|x\n", "|"],
  ])("finds the %s", (_, text, d) => {
    expect(detectDelimiter(text)).toBe(d);
  });
});

test("csvLine quotes every value so that it reads back exactly", () => {
  expect(csvLine(["a", 'b"c', null, "d,e"])).toBe('"a","b""c",,"d,e"\n');
});
