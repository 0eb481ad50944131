/**
 * The sales funnel: one centred bar per stage, as wide as the opportunities that reached it, with
 * the conversion to the next stage between them (both from page_funnel). Stage names read as words.
 */
import type { TopLevelSpec } from "vega-lite";
import { formatCount, formatShare } from "./format.js";
import { t } from "./i18n.js";
import { tip, TOOLTIP } from "./tooltip.js";
import { renderChart } from "./vega.js";

const STAGE_NAMES: Record<string, string> = { lead: "Lead", qualified: "Qualified", proposal: "Proposal", negotiation: "Negotiation", won: "Won", lost: "Lost" };

/** A stage as the reader calls it: Lead, Qualified... / 线索, 已确认需求... */
export const stageName = (stage: string) => t(STAGE_NAMES[stage] ?? stage);

export interface FunnelRow {
  stage: string;
  stage_order: number;
  reached_count: number;
  conversion_to_next: number | null;
  opportunity_count?: number;
  amount?: number;
  weighted_amount?: number;
}

export function funnelSpec(rows: FunnelRow[], opts: { width?: number; height?: number } = {}): TopLevelSpec {
  const sorted = [...rows].sort((a, b) => a.stage_order - b.stage_order);
  const widest = Math.max(1, ...sorted.map((r) => r.reached_count));
  const values = sorted.map((r) => ({
    stage: stageName(r.stage),
    order: r.stage_order,
    x: -r.reached_count / 2,
    x2: r.reached_count / 2,
    label: formatCount(r.reached_count),
    conversion: r.conversion_to_next == null ? "" : `↓ ${formatShare(r.conversion_to_next)}`,
    tip: tip([
      { title: t("Stage"), value: stageName(r.stage) },
      { title: t("Reached"), value: r.reached_count, kind: "count" },
      { title: t("Conversion to next"), value: r.conversion_to_next, kind: "share" },
      { title: t("Open at this stage"), value: r.opportunity_count, kind: "count" },
      { title: t("Amount"), value: r.amount, kind: "amount" },
      { title: t("Weighted amount"), value: r.weighted_amount, kind: "amount" },
    ]),
  }));
  const y = { field: "stage", type: "nominal" as const, sort: values.map((v) => v.stage), title: null, axis: { labelAngle: 0, labelLimit: 160, ticks: false, domain: false } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: opts.height ?? Math.max(160, 44 * values.length),
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: "bar", color: "#1f4e79", cornerRadius: 2, tooltip: TOOLTIP },
        encoding: {
          x: { field: "x", type: "quantitative", axis: null, scale: { domain: [-widest / 2, widest / 2 + widest * 0.25] } },
          x2: { field: "x2" },
        },
      },
      { mark: { type: "text", color: "white", fontWeight: "bold", tooltip: TOOLTIP }, encoding: { x: { datum: 0, type: "quantitative" }, text: { field: "label" } } },
      // The conversion to the next stage, right of each bar.
      { mark: { type: "text", align: "left", dx: 6, dy: 12, color: "#555" }, encoding: { x: { field: "x2", type: "quantitative" }, text: { field: "conversion" } } },
    ],
    config: { view: { stroke: null } },
  };
}

export const renderFunnel = (rows: FunnelRow[], opts: Parameters<typeof funnelSpec>[1] = {}) => renderChart(funnelSpec(rows, opts), { label: t("Sales funnel") });
