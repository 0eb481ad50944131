/** Monthly actual revenue as bars against the target as a line, bars red where short of target. */
import type { TopLevelSpec } from "vega-lite";
import { amountLabel, formatPeriod } from "./format.js";
import { t } from "./i18n.js";
import { tip, TOOLTIP } from "./tooltip.js";
import { renderChart } from "./vega.js";

export interface TargetRow {
  month: string;
  target_amount: number;
  actual_revenue: number;
  attainment: number | null;
}

export function targetSpec(rows: TargetRow[], opts: { width?: number; height?: number } = {}): TopLevelSpec {
  const [actual, target] = [t("Actual revenue"), t("Target")];
  const values = rows.map((r) => ({
    ...r,
    month_label: formatPeriod(r.month, "month"),
    // Whether the month fell short is the model's attainment read against 100%, not a new figure.
    status: r.attainment !== null && r.attainment < 1 ? t("Below target") : t("At or above target"),
    tip: tip([
      { title: t("Month"), value: r.month, kind: "month" },
      { title: actual, value: r.actual_revenue, kind: "amount" },
      { title: target, value: r.target_amount, kind: "amount" },
      { title: t("Attainment"), value: r.attainment, kind: "share" },
    ]),
  }));
  // Months as bands, so that a month's bar and its target point line up.
  const x = { field: "month_label", type: "ordinal" as const, sort: null, title: null, axis: { labelAngle: rows.length > 12 ? -45 : 0, labelOverlap: true as const } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? 240,
    data: { values },
    layer: [
      {
        mark: { type: "bar", tooltip: TOOLTIP, cornerRadiusEnd: 2 },
        encoding: {
          x,
          y: { field: "actual_revenue", type: "quantitative", title: actual, axis: { labelExpr: amountLabel() } },
          color: {
            field: "status",
            type: "nominal",
            title: null,
            scale: { domain: [t("At or above target"), t("Below target")], range: ["#1f4e79", "#e15759"] },
            legend: { orient: "top" },
          },
        },
      },
      {
        mark: { type: "line", color: "#f28e2b", strokeWidth: 2, point: { color: "#f28e2b" }, tooltip: TOOLTIP },
        encoding: { x, y: { field: "target_amount", type: "quantitative" } },
      },
    ],
    config: { view: { stroke: null } },
  };
}

export const renderTarget = (rows: TargetRow[], opts: Parameters<typeof targetSpec>[1] = {}) => renderChart(targetSpec(rows, opts), { label: t("Target attainment") });
