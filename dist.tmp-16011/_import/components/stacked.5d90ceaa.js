import { AMOUNT_LABEL } from "./format.756c3e18.js";
import { renderChart } from "./vega.787fa393.js";
export function stackedSpec(rows, opts) {
  const value = { field: "value", type: "quantitative", title: opts.valueTitle, axis: opts.isCount ? { format: ",d" } : { labelExpr: AMOUNT_LABEL } };
  const category = { field: "x", type: "nominal", title: opts.xTitle ?? null, sort: null };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? 220,
    data: { values: rows.map((r) => ({ ...r, order: opts.order.indexOf(r.group) })) },
    mark: { type: "bar" },
    encoding: {
      ...opts.horizontal ? { y: category, x: value } : { x: category, y: value },
      color: {
        field: "group",
        type: "nominal",
        title: opts.groupTitle,
        scale: { domain: opts.order, ...opts.colors ? { range: opts.colors } : {} },
        legend: { orient: "top" }
      },
      order: { field: "order", type: "quantitative" },
      tooltip: [
        { field: "x", title: opts.xTitle ?? "" },
        { field: "group", title: opts.groupTitle },
        { field: "value", title: opts.valueTitle, format: opts.isCount ? ",d" : ",.2f" }
      ]
    },
    config: { view: { stroke: null } }
  };
}
export const renderStacked = (rows, opts) => renderChart(stackedSpec(rows, opts), { label: opts.valueTitle });
