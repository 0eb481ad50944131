/** The model lineage graph: sources on the left, then models, then the pages (dbt exposures) that read them; an edge for every ref. */
import type { TopLevelSpec } from "vega-lite";
import { labelled, t } from "./i18n.js";
import { tip, TOOLTIP } from "./tooltip.js";
import { renderChart } from "./vega.js";

export interface LineageNode {
  name: string;
  kind: string;
  refs: string[];
  sources: string[];
  status?: string;
}

/** Depth = longest chain of refs below a node; rows spread nodes of equal depth. */
export function layout(nodes: LineageNode[]) {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const sourceNames = [...new Set(nodes.flatMap((n) => n.sources))].sort();
  const depth = new Map<string, number>(sourceNames.map((s) => [s, 0]));
  const visit = (name: string, seen: Set<string>): number => {
    if (depth.has(name)) return depth.get(name)!;
    const n = byName.get(name);
    if (!n || seen.has(name)) return 0;
    seen.add(name);
    const d = 1 + Math.max(0, ...n.refs.map((r) => visit(r, seen)), ...(n.sources.length ? [0] : []));
    depth.set(name, d);
    return d;
  };
  for (const n of nodes) visit(n.name, new Set());
  const points = [...sourceNames.map((s) => ({ name: s, kind: "source", status: "" })), ...nodes.map((n) => ({ name: n.name, kind: n.kind, status: n.status ?? "" }))];
  const rowAt = new Map<number, number>();
  const placed = points
    .sort((a, b) => depth.get(a.name)! - depth.get(b.name)! || a.name.localeCompare(b.name))
    .map((p) => {
      const d = depth.get(p.name)!;
      const row = rowAt.get(d) ?? 0;
      rowAt.set(d, row + 1);
      return { ...p, depth: d, row };
    });
  const at = new Map(placed.map((p) => [p.name, p]));
  const edges = nodes.flatMap((n) =>
    [...n.refs, ...n.sources].filter((r) => at.has(r)).map((r) => ({ from: r, to: n.name, x: at.get(r)!.depth, y: at.get(r)!.row, x2: at.get(n.name)!.depth, y2: at.get(n.name)!.row })),
  );
  return { points: placed, edges };
}

export function lineageSpec(nodes: LineageNode[], opts: { width?: number } = {}): TopLevelSpec {
  const { points, edges } = layout(nodes);
  const rows = Math.max(...points.map((p) => p.row)) + 1;
  const depths = Math.max(...points.map((p) => p.depth)) + 1;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    // A fixed column per depth keeps names readable; the card scrolls sideways when needed.
    width: opts.width ?? depths * 190,
    height: Math.max(200, rows * 26),
    layer: [
      {
        data: { values: edges },
        mark: { type: "rule", color: "#c7cdd4" },
        encoding: {
          x: { field: "x", type: "quantitative", axis: null, scale: { domain: [-0.2, Math.max(...points.map((p) => p.depth)) + 0.8] } },
          y: { field: "y", type: "quantitative", axis: null, scale: { domain: [rows, -1] } },
          x2: { field: "x2" },
          y2: { field: "y2" },
        },
      },
      {
        data: { values: points.map((p) => ({ ...p, kind_label: t(p.kind), tip: tip([{ title: t("Name"), value: p.name }, { title: t("Kind"), value: t(p.kind) }, { title: t("Status"), value: p.status ? t(p.status) : undefined }]) })) },
        mark: { type: "point", filled: true, size: 80, tooltip: TOOLTIP },
        encoding: {
          x: { field: "depth", type: "quantitative" },
          y: { field: "row", type: "quantitative" },
          color: {
            field: "kind_label",
            type: "nominal",
            title: null,
            scale: { domain: ["source", "seed", "model", "page"].map((k) => t(k)), range: ["#9aa7b4", "#59a14f", "#1f4e79", "#e15759"] },
            legend: { orient: "top" },
          },
          shape: { condition: { test: "datum.status === 'error'", value: "cross" }, value: "circle" },
        },
      },
      {
        data: { values: points },
        mark: { type: "text", align: "left", dx: 7, fontSize: 11 },
        encoding: { x: { field: "depth", type: "quantitative" }, y: { field: "row", type: "quantitative" }, text: { field: "name" } },
      },
    ],
    config: { view: { stroke: null } },
  };
}

/** A page of the site as a lineage node: the exposure, depending on the page models it reads. */
export const exposureNode = (e: { name: string; label: string; refs: string[] }): LineageNode => ({ name: labelled(t("page"), t(e.label)), kind: "page", refs: e.refs, sources: [] });

export const renderLineage = (nodes: LineageNode[]) => renderChart(lineageSpec(nodes), { label: t("Model lineage") });
