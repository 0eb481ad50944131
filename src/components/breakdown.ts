/**
 * A breakdown over time: one line per member the model ranks (period_comparison's member_rank,
 * its largest members over the last 12 months) and one for the rest together ("others"), so a
 * reader sees every department or category at once instead of one at a time.
 */
import type { TopLevelSpec } from "vega-lite";
import { amountLabel, categoryColors, formatPeriod } from "./format.js";
import { aside, t } from "./i18n.js";
import { tip, TOOLTIP, type TipKind } from "./tooltip.js";
import { partialPeriodMarks, periodAxis, type Grain } from "./trend.js";
import { renderChart } from "./vega.js";

export interface BreakdownRow {
  period_start: string;
  member: string;
  member_name: string | null;
  member_rank: number | null;
  is_others: boolean;
  value: number;
  growth_rate?: number | null;
  yoy_growth_rate?: number | null;
  is_partial?: boolean;
}

const OTHERS_COLOR = "#9aa7b4";

/** The name a member is drawn and listed under: "Others" for the rest together. */
export const memberLabel = (r: Pick<BreakdownRow, "member" | "member_name" | "is_others">) => (r.is_others ? t("Others") : (r.member_name ?? r.member));

/** How many members a breakdown draws as lines of their own (the model's member_rank; "others" aside). */
export const lineCount = (rows: BreakdownRow[]) => Math.max(0, ...rows.filter((r) => !r.is_others && r.member_rank != null).map((r) => r.member_rank!));

/** The periods a growth chart draws (the page's and the embed's alike): the last 36 of the rows' periods. */
export const PERIODS_DRAWN = 36;
export function recentPeriods<T extends { period_start: string }>(rows: T[]): T[] {
  const starts = [...new Set(rows.map((r) => r.period_start))].sort().slice(-PERIODS_DRAWN);
  return rows.filter((r) => r.period_start >= starts[0]!);
}

export function breakdownSpec(
  rows: BreakdownRow[],
  opts: { valueTitle: string; valueKind?: TipKind; grain: Grain; dimension: string; highlight?: string; width?: number; height?: number },
): TopLevelSpec {
  const kind = opts.valueKind ?? "amount";
  const drawn = rows.filter((r) => r.member_rank != null);
  // Legend and colours in the model's rank order, "others" last and grey.
  const ranked = [...new Map(drawn.map((r) => [r.member, r])).values()].sort((a, b) => a.member_rank! - b.member_rank!);
  const members = ranked.filter((r) => !r.is_others);
  const domain = [...members.map(memberLabel), ...(ranked.some((r) => r.is_others) ? [t("Others")] : [])];
  const range = [...categoryColors(opts.dimension, members.map(memberLabel)), OTHERS_COLOR];
  const periods = [...new Set(drawn.map((r) => r.period_start))];
  const values = drawn.map((r) => ({
    period_start: r.period_start,
    series: memberLabel(r),
    value: r.value,
    partial: !!r.is_partial,
    picked: r.member === opts.highlight,
    tip: tip([
      { title: t("Period"), value: formatPeriod(r.period_start, opts.grain) + (r.is_partial ? aside(t("partial")) : "") },
      { title: t("Member"), value: memberLabel(r) },
      { title: opts.valueTitle, value: r.value, kind },
      { title: t("Growth (sequential)"), value: r.growth_rate, kind: "growth" },
      { title: t("YoY"), value: r.yoy_growth_rate, kind: "growth" },
    ]),
  }));
  const partial = [...new Set(drawn.filter((r) => r.is_partial).map((r) => r.period_start))].map((period_start) => ({ period_start }));
  const anyPicked = values.some((v) => v.picked);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? 280,
    encoding: {
      x: { field: "period_start", type: "temporal", title: null, axis: { ...periodAxis(opts.grain, periods.length), labelOverlap: true, labelAngle: 0 } },
    },
    layer: [
      {
        data: { values },
        mark: { type: "line", point: { size: 18 }, tooltip: TOOLTIP },
        encoding: {
          y: { field: "value", type: "quantitative", title: opts.valueTitle, axis: { ...(kind === "amount" ? { labelExpr: amountLabel() } : { format: ",~r" }), tickCount: 5, labelOverlap: true } },
          color: { field: "series", type: "nominal", title: null, scale: { domain, range }, legend: { orient: "top", columns: Math.min(domain.length, 6), labelLimit: 160, symbolType: "stroke" } },
          strokeDash: { condition: { test: `datum.series === ${JSON.stringify(t("Others"))}`, value: [4, 3] }, value: [1, 0] },
          // The member picked below is drawn over the rest.
          strokeWidth: anyPicked ? { condition: { test: "datum.picked", value: 3.5 }, value: 1.5 } : { value: 2 },
          opacity: anyPicked ? { condition: { test: "datum.picked", value: 1 }, value: 0.55 } : { value: 1 },
        },
      },
      ...(partial.length ? partialPeriodMarks({ data: { values: partial } }) : []),
    ],
    config: { view: { stroke: null } },
  };
}

export const renderBreakdown = (rows: BreakdownRow[], opts: Parameters<typeof breakdownSpec>[1]) => renderChart(breakdownSpec(rows, opts), { label: opts.valueTitle });
