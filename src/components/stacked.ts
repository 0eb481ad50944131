/** Bars split by a category with a legend: grade mix, aging buckets, stages. */
import type { TopLevelSpec } from "vega-lite";
import { amountLabel } from "./format.js";
import { renderChart } from "./vega.js";

export interface StackRow {
  x: string;
  group: string;
  value: number;
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
  const tooltipFormat = format === "count" ? ",.1~f" : format === "share" ? ".1%" : ",.2f";
  const value = { field: "value", type: "quantitative" as const, title: opts.valueTitle, axis, ...(opts.grouped ? { stack: null } : {}) };
  const category = { field: "x", type: "nominal" as const, title: opts.xTitle ?? null, sort: null };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? 220,
    data: { values: rows.map((r) => ({ ...r, order: opts.order.indexOf(r.group) })) },
    mark: { type: "bar" },
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
      tooltip: [
        { field: "x", title: opts.xTitle ?? "" },
        { field: "group", title: opts.groupTitle },
        { field: "value", title: opts.valueTitle, format: tooltipFormat },
      ],
    },
    config: { view: { stroke: null } },
  };
}

export const renderStacked = (rows: StackRow[], opts: Parameters<typeof stackedSpec>[1]) => renderChart(stackedSpec(rows, opts), { label: opts.valueTitle });
