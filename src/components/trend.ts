/** Monthly trend against last year: this year's line solid, last year's dashed. */
import type { TopLevelSpec } from "vega-lite";
import { amountLabel } from "./format.js";
import { t } from "./i18n.js";
import { renderChart } from "./vega.js";

export interface TrendRow {
  period_start: string;
  value: number;
  yoy_value: number | null;
  is_partial?: boolean;
}

export function trendSpec(rows: TrendRow[], opts: { valueTitle: string; width?: number; height?: number }): TopLevelSpec {
  const [now, before] = [t("This period"), t("Same period last year")];
  const values = rows.flatMap((r) => [
    { period_start: r.period_start, series: now, value: r.value, partial: !!r.is_partial },
    ...(r.yoy_value == null ? [] : [{ period_start: r.period_start, series: before, value: r.yoy_value, partial: !!r.is_partial }]),
  ]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? 240,
    data: { values },
    mark: { type: "line", point: true, strokeWidth: 2 },
    encoding: {
      x: { field: "period_start", type: "temporal", title: null, axis: { format: t("%Y-%m") } },
      y: { field: "value", type: "quantitative", title: opts.valueTitle, axis: { labelExpr: amountLabel() } },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: [now, before], range: ["#1f4e79", "#9aa7b4"] },
        legend: { orient: "top" },
      },
      strokeDash: { field: "series", type: "nominal", scale: { domain: [now, before], range: [[1, 0], [4, 3]] }, legend: null },
      tooltip: [
        { field: "period_start", type: "temporal", title: t("Period"), format: "%Y-%m-%d" },
        { field: "series", title: t("Series") },
        { field: "value", title: opts.valueTitle, format: ",.2f" },
        { field: "partial", title: t("Partial period") },
      ],
    },
    config: { view: { stroke: null } },
  };
}

export const renderTrend = (rows: TrendRow[], opts: Parameters<typeof trendSpec>[1]) => renderChart(trendSpec(rows, opts), { label: opts.valueTitle });
