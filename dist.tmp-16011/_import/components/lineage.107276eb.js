import { renderChart } from "./vega.787fa393.js";
export function layout(nodes) {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const sourceNames = [...new Set(nodes.flatMap((n) => n.sources))].sort();
  const depth = new Map(sourceNames.map((s) => [s, 0]));
  const visit = (name, seen) => {
    if (depth.has(name)) return depth.get(name);
    const n = byName.get(name);
    if (!n || seen.has(name)) return 0;
    seen.add(name);
    const d = 1 + Math.max(0, ...n.refs.map((r) => visit(r, seen)), ...n.sources.length ? [0] : []);
    depth.set(name, d);
    return d;
  };
  for (const n of nodes) visit(n.name, /* @__PURE__ */ new Set());
  const points = [...sourceNames.map((s) => ({ name: s, kind: "source", status: "" })), ...nodes.map((n) => ({ name: n.name, kind: n.kind, status: n.status ?? "" }))];
  const rowAt = /* @__PURE__ */ new Map();
  const placed = points.sort((a, b) => depth.get(a.name) - depth.get(b.name) || a.name.localeCompare(b.name)).map((p) => {
    const d = depth.get(p.name);
    const row = rowAt.get(d) ?? 0;
    rowAt.set(d, row + 1);
    return { ...p, depth: d, row };
  });
  const at = new Map(placed.map((p) => [p.name, p]));
  const edges = nodes.flatMap(
    (n) => [...n.refs, ...n.sources].filter((r) => at.has(r)).map((r) => ({ from: r, to: n.name, x: at.get(r).depth, y: at.get(r).row, x2: at.get(n.name).depth, y2: at.get(n.name).row }))
  );
  return { points: placed, edges };
}
export function lineageSpec(nodes, opts = {}) {
  const { points, edges } = layout(nodes);
  const rows = Math.max(...points.map((p) => p.row)) + 1;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: Math.max(200, rows * 26),
    layer: [
      {
        data: { values: edges },
        mark: { type: "rule", color: "#c7cdd4" },
        encoding: {
          x: { field: "x", type: "quantitative", axis: null, scale: { domain: [-0.2, Math.max(...points.map((p) => p.depth)) + 0.8] } },
          y: { field: "y", type: "quantitative", axis: null, scale: { domain: [rows, -1] } },
          x2: { field: "x2" },
          y2: { field: "y2" }
        }
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 80 },
        encoding: {
          x: { field: "depth", type: "quantitative" },
          y: { field: "row", type: "quantitative" },
          color: {
            field: "kind",
            type: "nominal",
            title: null,
            scale: { domain: ["source", "seed", "model"], range: ["#9aa7b4", "#59a14f", "#1f4e79"] },
            legend: { orient: "top" }
          },
          shape: { condition: { test: "datum.status === 'error'", value: "cross" }, value: "circle" },
          tooltip: [{ field: "name" }, { field: "kind" }, { field: "status" }]
        }
      },
      {
        data: { values: points },
        mark: { type: "text", align: "left", dx: 7, fontSize: 11 },
        encoding: { x: { field: "depth", type: "quantitative" }, y: { field: "row", type: "quantitative" }, text: { field: "name" } }
      }
    ],
    config: { view: { stroke: null } }
  };
}
export const renderLineage = (nodes) => renderChart(lineageSpec(nodes), { label: "Model lineage" });
