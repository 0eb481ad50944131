import { expect, test } from "vitest";
import { breakdownSpec, type BreakdownRow, PERIODS_DRAWN, recentPeriods } from "./breakdown.ts";

const row = (period_start: string, member: string, member_rank: number | null, value: number, extra: Partial<BreakdownRow> = {}): BreakdownRow => ({
  period_start,
  member,
  member_name: member === "(others)" ? "Others" : `Dept ${member}`,
  member_rank,
  is_others: member === "(others)",
  value,
  ...extra,
});

const rows = [
  row("2026-09-01", "D2", 2, 50),
  row("2026-09-01", "D1", 1, 100, { growth_rate: 0.25, yoy_growth_rate: null }),
  row("2026-09-01", "(others)", 3, 30),
  row("2026-09-01", "D9", null, 10),
  row("2026-10-01", "D1", 1, 40, { is_partial: true }),
  row("2026-10-01", "D2", 2, 20, { is_partial: true }),
  row("2026-10-01", "(others)", 3, 5, { is_partial: true }),
  row("2026-10-01", "D9", null, 1, { is_partial: true }),
];

test("a breakdown draws the model's ranked members and the others, in rank order, others grey and dashed", () => {
  const spec = breakdownSpec(rows, { valueTitle: "Revenue", grain: "month", dimension: "department" }) as any;
  const lines = spec.layer[0];
  // D9 is outside the ranking: it is inside "others", not a line of its own.
  expect(new Set(lines.data.values.map((v: any) => v.series))).toEqual(new Set(["Dept D1", "Dept D2", "Others"]));
  expect(lines.encoding.color.scale.domain).toEqual(["Dept D1", "Dept D2", "Others"]);
  expect(lines.encoding.color.scale.range.at(-1)).toBe("#9aa7b4");
  expect(lines.encoding.strokeDash.condition).toEqual({ test: 'datum.series === "Others"', value: [4, 3] });
  expect(lines.encoding.color.legend.orient).toBe("top");
});

test("a breakdown's tooltip names the period, member and rates in words, and its running period is marked", () => {
  const spec = breakdownSpec(rows, { valueTitle: "Revenue", grain: "month", dimension: "department" }) as any;
  const d1 = spec.layer[0].data.values.find((v: any) => v.series === "Dept D1" && v.period_start === "2026-09-01");
  expect(d1.tip).toEqual({ Period: "Sep 2026", Member: "Dept D1", Revenue: "¥100", "Growth (sequential)": "+25%" });
  const last = spec.layer[0].data.values.find((v: any) => v.series === "Others" && v.period_start === "2026-10-01");
  expect(last.tip.Period).toBe("Oct 2026 (partial)");
  expect(spec.layer[1].data.values).toEqual([{ period_start: "2026-10-01" }]);
  expect(spec.layer[2].encoding.text.value).toBe("partial");
});

test("the member picked on the page is drawn over the rest; grades keep their colours", () => {
  const picked = breakdownSpec(rows, { valueTitle: "Revenue", grain: "month", dimension: "department", highlight: "D2" }) as any;
  expect(picked.layer[0].data.values.filter((v: any) => v.picked).map((v: any) => v.series)).toEqual(["Dept D2", "Dept D2"]);
  expect(picked.layer[0].encoding.strokeWidth).toEqual({ condition: { test: "datum.picked", value: 3.5 }, value: 1.5 });
  const grades = breakdownSpec(
    [{ ...row("2026-09-01", "A", 1, 5), member_name: "A" }, { ...row("2026-09-01", "B", 2, 3), member_name: "B" }],
    { valueTitle: "Revenue", grain: "month", dimension: "grade" },
  ) as any;
  expect(grades.layer[0].encoding.color.scale.range.slice(0, 2)).toEqual(["#1f4e79", "#4f8fc0"]);
  // Nothing outside the ranking and no running period: no "others" legend entry, no marker.
  expect(grades.layer[0].encoding.color.scale.domain).toEqual(["A", "B"]);
  expect(grades.layer).toHaveLength(1);
});

test("a growth chart draws the last 36 periods of its rows, whatever order they come in, every member's alike", () => {
  const months = Array.from({ length: 40 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`);
  const rows = [...months].reverse().flatMap((m) => [{ period_start: m, member: "East" }, { period_start: m, member: "West" }]);
  const drawn = recentPeriods(rows);
  expect(drawn.length).toBe(72);
  expect(new Set(drawn.map((r) => r.period_start)).size).toBe(PERIODS_DRAWN);
  expect(drawn.map((r) => r.period_start).sort()[0]).toBe("2023-05-01");
});
