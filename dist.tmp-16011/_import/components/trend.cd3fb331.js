import { AMOUNT_LABEL } from "./format.756c3e18.js";
import { renderChart } from "./vega.787fa393.js";
export function trendSpec(rows, opts) {
  const values = rows.flatMap((r) => [
    { period_start: r.period_start, series: "This period", value: r.value, partial: !!r.is_partial },
    ...r.yoy_value == null ? [] : [{ period_start: r.period_start, series: "Same period last year", value: r.yoy_value, partial: !!r.is_partial }]
  ]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? 240,
    data: { values },
    mark: { type: "line", point: true, strokeWidth: 2 },
    encoding: {
      x: { field: "period_start", type: "temporal", title: null, axis: { format: "%Y-%m" } },
      y: { field: "value", type: "quantitative", title: opts.valueTitle, axis: { labelExpr: AMOUNT_LABEL } },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: ["This period", "Same period last year"], range: ["#1f4e79", "#9aa7b4"] },
        legend: { orient: "top" }
      },
      strokeDash: { field: "series", type: "nominal", scale: { domain: ["This period", "Same period last year"], range: [[1, 0], [4, 3]] }, legend: null },
      tooltip: [
        { field: "period_start", type: "temporal", title: "Period", format: "%Y-%m-%d" },
        { field: "series", title: "Series" },
        { field: "value", title: opts.valueTitle, format: ",.2f" },
        { field: "partial", title: "Partial period" }
      ]
    },
    config: { view: { stroke: null } }
  };
}
export const renderTrend = (rows, opts) => renderChart(trendSpec(rows, opts), { label: opts.valueTitle });
