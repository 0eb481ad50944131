/** The differentiation matrix: customers by share (x) and upcoming purchase (y), split into four quadrants. */
import type { TopLevelSpec } from "vega-lite";
import { amountLabel } from "./format.js";
import { tip, TOOLTIP } from "./tooltip.js";
import { renderChart } from "./vega.js";

export interface QuadrantRow {
  name: string;
  share: number;
  upcoming: number;
  quadrant: string;
}

export function quadrantSpec(
  rows: QuadrantRow[],
  opts: { nameTitle: string; quadrantTitle: string; shareTitle: string; upcomingTitle: string; shareSplit: number; upcomingSplit: number; quadrants: [string, string, string][]; width?: number; height?: number },
): TopLevelSpec {
  const label = Object.fromEntries(opts.quadrants.map(([k, l]) => [k, l]));
  const values = rows.map((r) => ({
    ...r,
    quadrant_label: label[r.quadrant] ?? r.quadrant,
    tip: tip([
      { title: opts.nameTitle, value: r.name },
      { title: opts.quadrantTitle, value: label[r.quadrant] ?? r.quadrant },
      { title: opts.shareTitle, value: r.share, kind: "share" },
      { title: opts.upcomingTitle, value: r.upcoming, kind: "amount" },
    ]),
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? 320,
    layer: [
      {
        data: { values },
        mark: { type: "point", filled: true, opacity: 0.7, size: 40, tooltip: TOOLTIP },
        encoding: {
          x: { field: "share", type: "quantitative", title: opts.shareTitle, axis: { format: ".0%", labelOverlap: true } },
          // Upcoming purchases span orders of magnitude: a symmetric log keeps small ones apart.
          y: { field: "upcoming", type: "quantitative", title: opts.upcomingTitle, scale: { type: "symlog" }, axis: { labelExpr: amountLabel(), labelOverlap: "greedy", labelSeparation: 4 } },
          color: {
            field: "quadrant_label",
            type: "nominal",
            title: null,
            scale: { domain: opts.quadrants.map(([, l]) => l), range: opts.quadrants.map(([, , c]) => c) },
            legend: { orient: "top" },
          },
        },
      },
      { data: { values: [{ x: opts.shareSplit }] }, mark: { type: "rule", strokeDash: [4, 3], color: "#888" }, encoding: { x: { field: "x", type: "quantitative" } } },
      { data: { values: [{ y: opts.upcomingSplit }] }, mark: { type: "rule", strokeDash: [4, 3], color: "#888" }, encoding: { y: { field: "y", type: "quantitative" } } },
    ],
    config: { view: { stroke: null } },
  };
}

export const renderQuadrant = (rows: QuadrantRow[], opts: Parameters<typeof quadrantSpec>[1]) => renderChart(quadrantSpec(rows, opts), { label: opts.shareTitle });
