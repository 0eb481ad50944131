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
      // Cells apart by a gap of the page's own background, in the light theme and the dark. The names
      // below the cells: a wrapped name grows downwards, which on a top axis would run into the cells.
      x: { field: "to_grade", type: "ordinal", title: opts.toTitle, sort: opts.order.filter((g) => g !== "new"), scale: { paddingInner: 0.06 }, axis: { labelAngle: 0, labelExpr: WRAP } },
      y: { field: "from_grade", type: "ordinal", title: opts.fromTitle, sort: opts.order.filter((g) => g !== "lost"), scale: { paddingInner: 0.08 } },
    },
    layer: [
      {
        mark: { type: "rect", tooltip: TOOLTIP },
        encoding: {
          // Each cell writes its count, so a colour legend would only take width from the cells. The
          // blues stop at a middle blue: every cell stands out from a dark page as from a white one,
          // and its count reads in dark text on all of them.
          color: { field: "customer_count", type: "quantitative", title: t("Customers"), scale: { scheme: { name: "blues", extent: [0.08, 0.6] } }, legend: null },
        },
      },
      {
        // The count sits over the cell: it shows the cell's tooltip too.
        mark: { type: "text", tooltip: TOOLTIP },
        encoding: {
          text: { field: "customer_count", type: "quantitative", format: ",d" },
          color: { value: "#111" },
        },
      },
    ],
    config: { view: { stroke: null } },
  };
}

export const renderMigration = (rows: MigrationRow[], opts: Parameters<typeof migrationSpec>[1]) => renderChart(migrationSpec(rows, opts), { label: t("Grade migration") });
