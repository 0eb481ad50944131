/** Bars split by a category with a legend: grade mix, aging buckets, stages. */
import type { TopLevelSpec } from "vega-lite";
import { amountLabel } from "./format.js";
import { tip, TOOLTIP, type TipField } from "./tooltip.js";
import { renderChart } from "./vega.js";

export interface StackRow {
  x: string;
  group: string;
  value: number;
  /** more lines for this bar's tooltip (counts behind a share, say) */
  extra?: TipField[];
}

export function stackedSpec(
  rows: StackRow[],
  opts: {
    valueTitle: string;
    groupTitle: string;
    order: string[];
    colors?: string[];
    xTitle?: string | null;
    horizontal?: boolean;
    /** how values read: amounts (1.2M), counts and scores (1,234) or shares (12%) */
    format?: "amount" | "count" | "share";
    /** side by side instead of stacked, for values that do not add up */
    grouped?: boolean;
    width?: number;
    height?: number;
  },
): TopLevelSpec {
  const format = opts.format ?? "amount";
  const axis = format === "count" ? { format: ",~r" } : format === "share" ? { format: ".0%" } : { labelExpr: amountLabel() };
  // Stacked shares add up to 100%: the axis ends there instead of at a "nice" 110%.
  const value = { field: "value", type: "quantitative" as const, title: opts.valueTitle, axis: { ...axis, labelOverlap: true }, ...(opts.grouped ? { stack: null } : {}), ...(format === "share" && !opts.grouped ? { scale: { domain: [0, 1], nice: false } } : {}) };
  // Few categories read level; many would collide, so they slant.
  const many = new Set(rows.map((r) => r.x)).size > 12;
  const category = { field: "x", type: "nominal" as const, title: opts.xTitle ?? null, sort: null, axis: opts.horizontal ? {} : { labelAngle: many ? -45 : 0, labelLimit: many ? 120 : 160 } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? 220,
    data: {
      values: rows.map(({ extra, ...r }) => ({
        ...r,
        order: opts.order.indexOf(r.group),
        // Without an axis title the bar's own label names the value ("Customers (Share): 23.1%").
        tip: tip([
          { title: opts.groupTitle, value: r.group },
          ...(opts.xTitle ? [{ title: opts.xTitle, value: r.x }] : []),
          { title: opts.xTitle ? opts.valueTitle : `${r.x} (${opts.valueTitle})`, value: r.value, kind: format === "count" ? "score" : format },
          ...(extra ?? []),
        ]),
      })),
    },
    mark: { type: "bar", tooltip: TOOLTIP },
    encoding: {
      ...(opts.horizontal ? { y: category, x: value } : { x: category, y: value }),
      color: {
        field: "group",
        type: "nominal",
        title: opts.groupTitle,
        scale: { domain: opts.order, ...(opts.colors ? { range: opts.colors } : {}) },
        legend: { orient: "top" },
      },
      order: { field: "order", type: "quantitative" },
      ...(opts.grouped ? { [opts.horizontal ? "yOffset" : "xOffset"]: { field: "group", type: "nominal" as const, sort: opts.order } } : {}),
    },
    config: { view: { stroke: null } },
  };
}

export const renderStacked = (rows: StackRow[], opts: Parameters<typeof stackedSpec>[1]) => renderChart(stackedSpec(rows, opts), { label: opts.valueTitle });
