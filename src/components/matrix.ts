/** Grade migration as a from x to matrix: cells sized by customers, labelled with the count. */
import type { TopLevelSpec } from "vega-lite";
import { t } from "./i18n.js";
import { tip, TOOLTIP } from "./tooltip.js";
import { WRAP } from "./stacked.js";
import { renderChart } from "./vega.js";

export interface MigrationRow {
  from_grade: string;
  to_grade: string;
  customer_count: number;
  to_revenue?: number | null;
  from_revenue?: number | null;
}

export function migrationSpec(rows: MigrationRow[], opts: { fromTitle: string; toTitle: string; order: string[]; width?: number }): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    // Columns wide enough for their (wrapped) names; on a phone the card scrolls sideways rather than writing names over each other.
    width: opts.width ?? { step: 76 },
    height: 40 * opts.order.filter((g) => g !== "lost").length,
    data: {
      values: rows.map((r) => ({
        ...r,
        tip: tip([
          { title: opts.fromTitle, value: r.from_grade },
          { title: opts.toTitle, value: r.to_grade },
          { title: t("Customers"), value: r.customer_count, kind: "count" },
          { title: t("Revenue before"), value: r.from_revenue, kind: "amount" },
          { title: t("Revenue after"), value: r.to_revenue, kind: "amount" },
        ]),
      })),
    },
    encoding: {
      x: { field: "to_grade", type: "ordinal", title: opts.toTitle, sort: opts.order.filter((g) => g !== "new"), axis: { orient: "top", labelAngle: 0, labelExpr: WRAP } },
      y: { field: "from_grade", type: "ordinal", title: opts.fromTitle, sort: opts.order.filter((g) => g !== "lost") },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white", tooltip: TOOLTIP },
        encoding: {
          // Each cell writes its count, so a colour legend would only take width from the cells.
          color: { field: "customer_count", type: "quantitative", title: t("Customers"), scale: { scheme: "blues" }, legend: null },
        },
      },
      {
        // The count sits over the cell: it shows the cell's tooltip too.
        mark: { type: "text", tooltip: TOOLTIP },
        encoding: {
          text: { field: "customer_count", type: "quantitative", format: ",d" },
          color: { condition: { test: "datum.customer_count > 100", value: "white" }, value: "black" },
        },
      },
    ],
    config: { view: { stroke: null } },
  };
}

export const renderMigration = (rows: MigrationRow[], opts: Parameters<typeof migrationSpec>[1]) => renderChart(migrationSpec(rows, opts), { label: t("Grade migration") });
