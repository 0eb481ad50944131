import { renderChart } from "./vega.787fa393.js";
export function migrationSpec(rows, opts) {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: 40 * opts.order.filter((g) => g !== "lost").length,
    data: { values: rows },
    encoding: {
      x: { field: "to_grade", type: "ordinal", title: opts.toTitle, sort: opts.order.filter((g) => g !== "new"), axis: { orient: "top", labelAngle: 0 } },
      y: { field: "from_grade", type: "ordinal", title: opts.fromTitle, sort: opts.order.filter((g) => g !== "lost") }
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white" },
        encoding: {
          color: { field: "customer_count", type: "quantitative", title: "Customers", scale: { scheme: "blues" } },
          tooltip: [
            { field: "from_grade", title: opts.fromTitle },
            { field: "to_grade", title: opts.toTitle },
            { field: "customer_count", title: "Customers", format: ",d" },
            { field: "to_revenue", title: "Revenue after", format: ",.2f" }
          ]
        }
      },
      {
        mark: { type: "text" },
        encoding: {
          text: { field: "customer_count", type: "quantitative", format: ",d" },
          color: { condition: { test: "datum.customer_count > 100", value: "white" }, value: "black" }
        }
      }
    ],
    config: { view: { stroke: null } }
  };
}
export const renderMigration = (rows, opts) => renderChart(migrationSpec(rows, opts), { label: "Grade migration" });
