/** Monthly trend against last year: this year's line solid, last year's dashed. */
import type { TopLevelSpec } from "vega-lite";
import type { FilterTransform } from "vega-lite/types_unstable/transform.js";
import { amountLabel } from "./format.js";
import { aside, t } from "./i18n.js";
import { tip, TOOLTIP, type TipKind } from "./tooltip.js";
import { formatPeriod } from "./format.js";
import { renderChart } from "./vega.js";

export interface TrendRow {
  period_start: string;
  value: number;
  yoy_value: number | null;
  /** the model's YoY rate (growth_rate macro), shown in the tooltip when given */
  yoy_growth_rate?: number | null;
  is_partial?: boolean;
}

export type Grain = "year" | "quarter" | "month" | "week" | "day";

/**
 * A period still running, marked where it is drawn so that its drop is not read as a fall: a dashed
 * rule, named at the top of the plot where no line runs into the label (at the period's point it sat
 * on the line leading there). `rows` picks the partial periods' rows: their own data, or a filter of
 * the chart's. For the trend and the breakdown charts alike.
 */
export function partialPeriodMarks(rows: { data: { values: { period_start: string }[] } } | { transform: FilterTransform[] }) {
  const color = "#b42318"; // the pages' --tb-bad (src/style.css); format.ts DARK_COLORS lightens it on a dark page
  return [
    { ...rows, mark: { type: "rule" as const, strokeDash: [2, 2], color, opacity: 0.6 } },
    {
      ...rows,
      mark: { type: "text" as const, align: "right" as const, baseline: "top" as const, dx: -3, dy: 2, fontSize: 10, color, tooltip: TOOLTIP },
      encoding: { y: { value: 0 }, text: { value: t("partial") } },
    },
  ];
}

/**
 * A time axis of n periods: ticks at the grain's own steps, thinned as the series grows, so labels
 * never repeat or collide. Month steps divide the year (1, 2, 3, 6, 12 months), because Vega
 * starts the steps again each January: a step of 5 would tick 2025-11 and 2026-01 side by side.
 */
export function periodAxis(grain: Grain, n: number) {
  const step = (per: number) => Math.max(1, Math.ceil(n / per));
  const months = (wanted: number, steps: number[]) => steps.find((s) => s >= wanted) ?? steps.at(-1)!;
  return grain === "year"
    ? { format: "%Y", tickCount: { interval: "year" as const, step: 1 } }
    : grain === "quarter"
      ? { labelExpr: t("'Q' + quarter(datum.value) + ' ' + year(datum.value)"), tickCount: { interval: "month" as const, step: months(3 * step(8), [3, 6, 12]) } }
      : grain === "week"
        ? { format: t("%m-%d"), tickCount: { interval: "week" as const, step: step(8) } }
        : { format: t("%Y-%m"), tickCount: { interval: "month" as const, step: months(step(8), [1, 2, 3, 6, 12]) } };
}

export function trendSpec(
  rows: TrendRow[],
  opts: { valueTitle: string; valueKind?: TipKind; grain?: Grain; width?: number; height?: number },
): TopLevelSpec {
  const [now, before] = [t("This period"), t("Same period last year")];
  const kind = opts.valueKind ?? "amount";
  const grain = opts.grain ?? "month";
  // One tooltip for both lines of a period: its value, last year's and the change.
  const tipOf = (r: TrendRow) =>
    tip([
      { title: t("Period"), value: formatPeriod(r.period_start, grain) + (r.is_partial ? aside(t("partial")) : "") },
      { title: opts.valueTitle, value: r.value, kind },
      { title: t("Same period last year"), value: r.yoy_value, kind },
      { title: t("YoY"), value: r.yoy_growth_rate, kind: "growth" },
    ]);
  const values = rows.flatMap((r) => [
    { period_start: r.period_start, series: now, value: r.value, partial: !!r.is_partial, tip: tipOf(r) },
    ...(r.yoy_value == null ? [] : [{ period_start: r.period_start, series: before, value: r.yoy_value, partial: !!r.is_partial, tip: tipOf(r) }]),
  ]);
  const hasBefore = values.some((v) => v.series === before);
  const domain = hasBefore ? [now, before] : [now];
  const xAxis = periodAxis(grain, rows.length);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? 240,
    data: { values },
    encoding: {
      x: { field: "period_start", type: "temporal", title: null, axis: { ...xAxis, labelOverlap: true, labelAngle: 0 } },
    },
    layer: [
      {
        mark: { type: "line", point: true, strokeWidth: 2, tooltip: TOOLTIP },
        encoding: {
          y: { field: "value", type: "quantitative", title: opts.valueTitle, axis: { ...(kind === "amount" ? { labelExpr: amountLabel() } : { format: ",~r" }), tickCount: 5, labelOverlap: true } },
          color: {
            field: "series",
            type: "nominal",
            title: null,
            scale: { domain, range: ["#1f4e79", "#9aa7b4"] },
            // A legend for one series says nothing.
            legend: hasBefore ? { orient: "top" } : null,
          },
          strokeDash: { field: "series", type: "nominal", scale: { domain, range: [[1, 0], [4, 3]] }, legend: null },
        },
      },
      ...partialPeriodMarks({ transform: [{ filter: { and: [{ field: "partial", equal: true }, { field: "series", equal: now }] } }] }),
    ],
    config: { view: { stroke: null } },
  };
}

export const renderTrend = (rows: TrendRow[], opts: Parameters<typeof trendSpec>[1]) => renderChart(trendSpec(rows, opts), { label: opts.valueTitle });
