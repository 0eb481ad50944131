/** The Pareto curve: cumulative value share against cumulative entity share, the 80% line, and where it is crossed. */
import type { TopLevelSpec } from "vega-lite";
import { t } from "./i18n.js";
import { tip, TOOLTIP } from "./tooltip.js";
import { renderChart } from "./vega.js";

export interface ParetoRow {
  rank: number;
  entity_name: string;
  cumulative_entity_share: number;
  cumulative_value_share: number;
  abc_band: string;
}

/** The first point at or above the cut: "x% of entities bring 80% of the value". */
export function crossing(rows: ParetoRow[], cut = 0.8): ParetoRow | undefined {
  return [...rows].sort((a, b) => a.rank - b.rank).find((r) => r.cumulative_value_share >= cut);
}

export function paretoSpec(rows: ParetoRow[], opts: { cut?: number; entityTitle: string; width?: number; height?: number }): TopLevelSpec {
  const cut = opts.cut ?? 0.8;
  const cross = crossing(rows, cut);
  const sorted = [...rows].sort((a, b) => a.rank - b.rank);
  const entityShare = t("Share of {entities}", { entities: opts.entityTitle });
  const values = [{ rank: 0, entity_name: "", cumulative_entity_share: 0, cumulative_value_share: 0, abc_band: "A" }, ...sorted].map((r) => ({
    ...r,
    tip: tip([
      { title: t("Up to"), value: `${r.rank}. ${r.entity_name}` },
      { title: entityShare, value: r.cumulative_entity_share, kind: "share" },
      { title: t("Share of value"), value: r.cumulative_value_share, kind: "share" },
      { title: t("ABC band"), value: r.abc_band },
    ]),
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? 280,
    layer: [
      {
        data: { values },
        mark: { type: "area", line: { color: "#1f4e79" }, color: "#1f4e79", opacity: 0.15, interpolate: "step-after" },
        encoding: {
          x: { field: "cumulative_entity_share", type: "quantitative", title: t("Share of {entities}", { entities: opts.entityTitle }), axis: { format: ".0%" }, scale: { domain: [0, 1] } },
          y: { field: "cumulative_value_share", type: "quantitative", title: t("Cumulative share of value"), axis: { format: ".0%" }, scale: { domain: [0, 1] } },
        },
      },
      // An area has one datum for its whole shape: the tooltips sit on (unseen) points along it.
      {
        data: { values: values.filter((r) => r.rank > 0) },
        mark: { type: "point", filled: true, opacity: 0, size: 60, tooltip: TOOLTIP },
        encoding: { x: { field: "cumulative_entity_share", type: "quantitative" }, y: { field: "cumulative_value_share", type: "quantitative" } },
      },
      { data: { values: [{ y: cut }] }, mark: { type: "rule", color: "#e15759", strokeDash: [4, 3] }, encoding: { y: { field: "y", type: "quantitative" } } },
      ...(cross
        ? [
            {
              data: { values: [cross] },
              mark: { type: "point" as const, filled: true, size: 80, color: "#e15759" },
              encoding: { x: { field: "cumulative_entity_share", type: "quantitative" as const }, y: { field: "cumulative_value_share", type: "quantitative" as const } },
            },
            {
              data: { values: [{ ...cross, text: t("{share}% bring {cut}%", { share: Math.round(cross.cumulative_entity_share * 1000) / 10, cut: Math.round(cut * 100) }) }] },
              mark: { type: "text" as const, align: "left" as const, dx: 8, dy: 12, color: "#e15759" },
              encoding: {
                x: { field: "cumulative_entity_share", type: "quantitative" as const },
                y: { field: "cumulative_value_share", type: "quantitative" as const },
                text: { field: "text", type: "nominal" as const },
              },
            },
          ]
        : []),
    ],
    config: { view: { stroke: null } },
  };
}

export const renderPareto = (rows: ParetoRow[], opts: Parameters<typeof paretoSpec>[1]) => renderChart(paretoSpec(rows, opts), { label: t("Pareto curve") });
