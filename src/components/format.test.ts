import { expect, test } from "vitest";
import { formatGrowth, formatShare } from "./format.ts";

test("growth rates carry a sign and say n/a when undefined", () => {
  expect(formatGrowth(0.125)).toMatch(/^\+12\.5\s?%$/);
  expect(formatGrowth(-0.4)).toMatch(/^-40\s?%$/);
  expect(formatGrowth(null)).toBe("n/a");
  expect(formatShare(0.8)).toMatch(/^80\s?%$/);
});
