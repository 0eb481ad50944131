import { afterEach, describe, expect, test } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { categoryColors, categoryOrder, DARK_COLORS, formatAmount, formatDate, formatDateTime, formatTimestamp, formatGrowth, formatPeriod, formatShare, GRADE_COLORS } from "./format.ts";
import { inDarkColors } from "./vega.ts";
import { AGING_COLORS } from "./charts.ts";
import { setLocale } from "./i18n.ts";
import { changeClass } from "./kpi.ts";

afterEach(() => setLocale("en", "CNY"));

describe("numbers and dates for the reader", () => {
  test("in English: K/M/B amounts with the currency, signed growth, n/a when undefined", () => {
    setLocale("en", "CNY");
    expect([formatAmount(1234.5), formatAmount(12_345_678), formatAmount(3.2e9)]).toEqual(["¥1,235", "¥12.3M", "¥3.2B"]);
    expect([formatGrowth(0.125), formatGrowth(-0.4), formatGrowth(null), formatShare(0.8)]).toEqual(["+12.5%", "-40%", "n/a", "80%"]);
    expect([formatDate("2026-10-31"), formatPeriod("2026-07-01", "quarter"), formatPeriod("2026-10-01", "month")]).toEqual(["Oct 31, 2026", "Q3 2026", "Oct 2026"]);
  });

  test("in Chinese: 万 and 亿, 无 for an undefined rate, dates as 年月日", () => {
    setLocale("zh-CN", "CNY");
    expect([formatAmount(1234.5), formatAmount(12_345_678), formatAmount(3.2e9)]).toEqual(["¥1,235", "¥1234.6万", "¥32亿"]);
    expect([formatGrowth(0.125), formatGrowth(null)]).toEqual(["+12.5%", "无"]);
    expect([formatDate("2026-10-31"), formatPeriod("2026-07-01", "quarter"), formatPeriod("2026-10-01", "month")]).toEqual(["2026年10月31日", "2026年第3季度", "2026年10月"]);
  });

  test("in another currency", () => {
    setLocale("en", "USD");
    expect(formatAmount(12_345_678)).toBe("$12.3M");
  });
});

describe("fixed categories", () => {
  test("grades read A to D with blanks last and keep their colours on every chart", () => {
    const order = categoryOrder("grade", ["–", "A", "C", "B", "D"]);
    expect(order).toEqual(["A", "B", "C", "D", "–"]);
    expect(categoryColors("grade", order)).toEqual([GRADE_COLORS.A, GRADE_COLORS.B, GRADE_COLORS.C, GRADE_COLORS.D, GRADE_COLORS.ungraded]);
  });

  test("other members sort in the locale's order, numbers as numbers, blanks last", () => {
    expect(categoryOrder("size", ["–", "100-500", "20-99", "1-19"])).toEqual(["1-19", "20-99", "100-500", "–"]);
  });

  const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  // WCAG 2.1 relative luminance and contrast.
  const luminance = (hex: string) => {
    const [r, g, b] = rgb(hex).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const contrast = (a: string, b: string) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x! + 0.05) / (y! + 0.05);
  };

  test("on a dark page every colour a chart component draws with stands 3:1 from the dark theme's backgrounds", () => {
    // Every colour written in the chart components (vega.ts holds the dark theme's own axis greys).
    const dir = import.meta.dirname;
    const colours = new Set(readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "vega.ts")
      .flatMap((f) => readFileSync(join(dir, f), "utf8").match(/#[0-9a-fA-F]{6}\b/g) ?? []).map((c) => c.toLowerCase()));
    expect(colours.size).toBeGreaterThan(15);
    const weak = [...colours].map((c) => DARK_COLORS[c] ?? c).filter((c) => Math.min(contrast(c, "#161616"), contrast(c, "#1e1e1d")) < 3);
    expect(weak).toEqual([]);
  });

  test("grades on a dark page stay a ramp: A the strongest blue, then paler, D grey, each told apart from its neighbour", () => {
    const dark = ["A", "B", "C", "D"].map((g) => DARK_COLORS[GRADE_COLORS[g]!] ?? GRADE_COLORS[g]!);
    expect(new Set(dark).size).toBe(4);
    const [a, b, c] = dark.map(luminance);
    expect(a! < b! && b! < c!).toBe(true);
    for (let i = 0; i < 3; i++) expect(contrast(dark[i]!, dark[i + 1]!)).toBeGreaterThan(1.5);
  });

  test("aging buckets stay told apart on a dark page, each from the next", () => {
    const dark = AGING_COLORS.map((c) => DARK_COLORS[c] ?? c);
    for (let i = 0; i + 1 < dark.length; i++) {
      const [a, b] = [rgb(dark[i]!), rgb(dark[i + 1]!)];
      expect(Math.hypot(...a.map((v, k) => v - b[k]!)), `${dark[i]} and ${dark[i + 1]}`).toBeGreaterThan(60);
    }
  });

  test("a chart drawn on a dark page swaps palette colours in its spec, and leaves its data as it is", () => {
    const spec = { mark: { type: "bar", color: "#1F4E79" }, encoding: { color: { scale: { range: [GRADE_COLORS.A, "#f28e2b"] } } }, data: { values: [{ name: "#1f4e79" }] } };
    expect(inDarkColors(spec)).toEqual({ mark: { type: "bar", color: DARK_COLORS["#1f4e79"] }, encoding: { color: { scale: { range: [DARK_COLORS[GRADE_COLORS.A!], "#f28e2b"] } } }, data: { values: [{ name: "#1f4e79" }] } });
    expect(spec.mark.color).toBe("#1F4E79");
  });

  test("a moment keeps its time of day, written as the page writes dates", () => {
    expect(formatDateTime("2024-01-05 10:30")).toBe("Jan 5, 2024 10:30");
    expect(formatDateTime("2024-01-05")).toBe("Jan 5, 2024");
  });
});

test("a change that reads 0% is neither good nor bad; receivables growing is bad", () => {
  expect([changeClass(-0.0004), changeClass(0), changeClass(null), changeClass(0.12), changeClass(-0.12), changeClass(0.12, true)]).toEqual(["flat", "flat", "flat", "up", "down", "down"]);
});

test("a load's time reads like the pages' dates, in both languages", () => {
  expect(formatTimestamp("2026-11-30T05:49:12Z", "UTC")).toBe("Nov 30, 2026, 05:49");
  setLocale("zh-CN", "CNY");
  expect(formatTimestamp("2026-11-30T05:49:12Z", "UTC")).toBe("2026年11月30日 05:49");
});
