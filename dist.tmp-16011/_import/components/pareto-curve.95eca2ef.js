import { renderChart } from "./vega.787fa393.js";
export function crossing(rows, cut = 0.8) {
  return [...rows].sort((a, b) => a.rank - b.rank).find((r) => r.cumulative_value_share >= cut);
}
export function paretoSpec(rows, opts) {
  const cut = opts.cut ?? 0.8;
  const cross = crossing(rows, cut);
  const sorted = [...rows].sort((a, b) => a.rank - b.rank);
  const values = [{ rank: 0, entity_name: "", cumulative_entity_share: 0, cumulative_value_share: 0, abc_band: "A" }, ...sorted];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? 280,
    layer: [
      {
        data: { values },
        mark: { type: "area", line: { color: "#1f4e79" }, color: "#1f4e79", opacity: 0.15, interpolate: "step-after" },
        encoding: {
          x: { field: "cumulative_entity_share", type: "quantitative", title: `Share of ${opts.entityTitle}`, axis: { format: ".0%" }, scale: { domain: [0, 1] } },
          y: { field: "cumulative_value_share", type: "quantitative", title: "Cumulative share of value", axis: { format: ".0%" }, scale: { domain: [0, 1] } },
          tooltip: [
            { field: "entity_name", title: "Up to" },
            { field: "cumulative_entity_share", title: `Share of ${opts.entityTitle}`, format: ".1%" },
            { field: "cumulative_value_share", title: "Share of value", format: ".1%" },
            { field: "abc_band", title: "ABC band" }
          ]
        }
      },
      { data: { values: [{ y: cut }] }, mark: { type: "rule", color: "#e15759", strokeDash: [4, 3] }, encoding: { y: { field: "y", type: "quantitative" } } },
      ...cross ? [
        {
          data: { values: [cross] },
          mark: { type: "point", filled: true, size: 80, color: "#e15759" },
          encoding: { x: { field: "cumulative_entity_share", type: "quantitative" }, y: { field: "cumulative_value_share", type: "quantitative" } }
        },
        {
          data: { values: [{ ...cross, text: `${Math.round(cross.cumulative_entity_share * 1e3) / 10}% bring ${Math.round(cut * 100)}%` }] },
          mark: { type: "text", align: "left", dx: 8, dy: 12, color: "#e15759" },
          encoding: {
            x: { field: "cumulative_entity_share", type: "quantitative" },
            y: { field: "cumulative_value_share", type: "quantitative" },
            text: { field: "text", type: "nominal" }
          }
        }
      ] : []
    ],
    config: { view: { stroke: null } }
  };
}
export const renderPareto = (rows, opts) => renderChart(paretoSpec(rows, opts), { label: "Pareto curve" });
