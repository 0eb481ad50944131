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

/** A long category label written on several lines, word by word (a Vega expression; Chinese labels have no spaces and stay whole). */
export const WRAP = "length(datum.label) > 8 ? split(datum.label, ' ') : datum.label";

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
  // Labels stay level, long ones on two or more lines. Many months (a creation month, 128 of them) keep their order along the
  // axis and label only each January, as a time axis would; any other long list of categories
  // turns on its side, a row per category, so every name is written once and whole.
  const xs = [...new Set(rows.map((r) => r.x))];
  const months = xs.length > 12 && xs.every((x) => /^\d{4}-\d{2}$/.test(x) || x === "–");
  const horizontal = opts.horizontal || (xs.length > 6 && !months);
  const monthAxis = { labelAngle: 0, labelExpr: "length(datum.value) == 7 && slice(datum.value, 5) == '01' ? slice(datum.value, 0, 4) : datum.value == '–' ? '–' : ''", ticks: false };
  const category = { field: "x", type: "nominal" as const, title: opts.xTitle ?? null, sort: null, axis: horizontal ? { labelLimit: 180 } : months ? monthAxis : { labelAngle: 0, labelLimit: 160, labelExpr: WRAP } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: horizontal && !opts.horizontal ? Math.max(opts.height ?? 220, xs.length * (opts.grouped ? 28 : 18)) : (opts.height ?? 220),
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
      ...(horizontal ? { y: category, x: value } : { x: category, y: value }),
      color: {
        field: "group",
        type: "nominal",
        title: opts.groupTitle,
        scale: { domain: opts.order, ...(opts.colors ? { range: opts.colors } : {}) },
        // One group (Explore without a second dimension) is the whole bar: a one-entry legend would name nothing.
        legend: opts.order.length > 1 ? { orient: "top" } : null,
      },
      order: { field: "order", type: "quantitative" },
      ...(opts.grouped ? { [horizontal ? "yOffset" : "xOffset"]: { field: "group", type: "nominal" as const, sort: opts.order } } : {}),
    },
    config: { view: { stroke: null } },
  };
}

export const renderStacked = (rows: StackRow[], opts: Parameters<typeof stackedSpec>[1]) => renderChart(stackedSpec(rows, opts), { label: opts.valueTitle });
