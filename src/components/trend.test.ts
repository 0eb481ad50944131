import { expect, test } from "vitest";
import { trendSpec } from "./trend.ts";

test("a trend has this period and last year as two series, skipping missing last-year values", () => {
  const spec = trendSpec(
    [
      { period_start: "2025-01-01", value: 10, yoy_value: 8 },
      { period_start: "2025-02-01", value: 12, yoy_value: null, is_partial: true },
    ],
    { valueTitle: "Revenue" },
  ) as any;
  expect(spec.data.values).toEqual([
    { period_start: "2025-01-01", series: "This period", value: 10, partial: false },
    { period_start: "2025-01-01", series: "Same period last year", value: 8, partial: false },
    { period_start: "2025-02-01", series: "This period", value: 12, partial: true },
  ]);
  expect(spec.encoding.strokeDash.scale.range).toEqual([[1, 0], [4, 3]]);
});
