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
  expect(spec.data.values.map(({ tip, ...v }: any) => v)).toEqual([
    { period_start: "2025-01-01", series: "This period", value: 10, partial: false },
    { period_start: "2025-01-01", series: "Same period last year", value: 8, partial: false },
    { period_start: "2025-02-01", series: "This period", value: 12, partial: true },
  ]);
  expect(spec.layer[0].encoding.strokeDash.scale.range).toEqual([[1, 0], [4, 3]]);
});

test("a trend's tooltip names the period as the page writes it, marks a partial one, and shows the model's YoY rate", () => {
  const spec = trendSpec(
    [
      { period_start: "2025-01-01", value: 1_250_000, yoy_value: 1_000_000, yoy_growth_rate: 0.25 },
      { period_start: "2025-04-01", value: 12, yoy_value: null, is_partial: true },
    ],
    { valueTitle: "Revenue", grain: "quarter" },
  ) as any;
  expect(spec.data.values[0].tip).toEqual({ Period: "Q1 2025", Revenue: "¥1.3M", "Same period last year": "¥1M", YoY: "+25%" });
  expect(spec.data.values[2].tip).toEqual({ Period: "Q2 2025 (partial)", Revenue: "¥12" });
  expect(spec.layer[0].mark.tooltip).toEqual({ expr: "datum.tip" });
});

test("a trend marks its partial period on the chart, ticks at its grain, and has no legend for a single series", () => {
  const spec = trendSpec(
    [
      { period_start: "2025-01-01", value: 10, yoy_value: null },
      { period_start: "2025-04-01", value: 3, yoy_value: null, is_partial: true },
    ],
    { valueTitle: "DSO", valueKind: "count", grain: "quarter" },
  ) as any;
  // A dashed rule at the partial period, named at the top of the plot, off the line.
  for (const layer of spec.layer.slice(1)) expect(layer.transform[0].filter.and).toEqual([{ field: "partial", equal: true }, { field: "series", equal: "This period" }]);
  expect(spec.layer[1].mark.type).toBe("rule");
  expect(spec.layer[2].encoding).toEqual({ y: { value: 0 }, text: { value: "partial" } });
  expect(spec.encoding.y).toBeUndefined();
  expect(spec.encoding.x.axis.tickCount).toEqual({ interval: "month", step: 3 });
  expect(spec.layer[0].encoding.color.legend).toBeNull();
  expect(spec.layer[0].encoding.color.scale.domain).toEqual(["This period"]);
});

test("in Chinese a partial period's remark takes full-width brackets", async () => {
  const { setLocale } = await import("./i18n.ts");
  setLocale("zh-CN", "CNY");
  try {
    const spec = trendSpec([{ period_start: "2025-04-01", value: 3, yoy_value: null, is_partial: true }], { valueTitle: "销售额", grain: "quarter" }) as any;
    expect(spec.data.values[0].tip["期间"]).toBe("2025年第2季度（未完）");
  } finally {
    setLocale("en", "CNY");
  }
});

test("month ticks step by a divisor of the year, so they do not bunch at each January", async () => {
  const { periodAxis } = await import("./trend.ts");
  // 36 months at 8 ticks wanted: a step of 5 would restart each January (2025-11 beside 2026-01); 6 does not.
  expect(periodAxis("month", 36).tickCount).toEqual({ interval: "month", step: 6 });
  expect(periodAxis("month", 12).tickCount).toEqual({ interval: "month", step: 2 });
  expect(periodAxis("month", 128).tickCount).toEqual({ interval: "month", step: 12 });
  expect(periodAxis("quarter", 16).tickCount).toEqual({ interval: "month", step: 6 });
});
