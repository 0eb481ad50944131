/** Ranked horizontal bars (TopN, top customers): value, with share and rank change in the tooltip. */
import type { TopLevelSpec } from "vega-lite";
import { amountLabel } from "./format.js";
import { t } from "./i18n.js";
import { renderChart } from "./vega.js";

export interface RankRow {
  rank: number;
  member_id: string;
  member_name: string;
  value: number;
  share_of_total?: number | null;
  prev_rank?: number | null;
}

export function rankingSpec(rows: RankRow[], opts: { valueTitle: string; isRate?: boolean; width?: number }): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: { step: 22 },
    data: { values: rows.map((r) => ({ ...r, label: `${r.rank}. ${r.member_name}`, rank_change: r.prev_rank == null ? null : r.prev_rank - r.rank })) },
    mark: { type: "bar", color: "#1f4e79", cornerRadiusEnd: 2 },
    encoding: {
      y: { field: "label", type: "nominal", sort: { field: "rank", order: "ascending" }, title: null, axis: { labelLimit: 220 } },
      x: {
        field: "value",
        type: "quantitative",
        title: opts.valueTitle,
        axis: opts.isRate ? { format: ".0%" } : { labelExpr: amountLabel() },
      },
      tooltip: [
        { field: "member_name", title: t("Name") },
        { field: "value", title: opts.valueTitle, format: opts.isRate ? ".1%" : ",.2f" },
        ...(opts.isRate ? [] : [{ field: "share_of_total", title: t("Share of total"), format: ".1%" } as const]),
        { field: "prev_rank", title: t("Rank last period") },
        { field: "rank_change", title: t("Rank change") },
      ],
    },
    config: { view: { stroke: null } },
  };
}

export const renderRanking = (rows: RankRow[], opts: Parameters<typeof rankingSpec>[1]) => renderChart(rankingSpec(rows, opts), { label: opts.valueTitle });
