/** Ranked horizontal bars (TopN, top customers): value, with share and rank change in the tooltip. */
import type { TopLevelSpec } from "vega-lite";
import { amountLabel } from "./format.js";
import { t } from "./i18n.js";
import { tip, TOOLTIP, type TipKind } from "./tooltip.js";
import { renderChart } from "./vega.js";

export interface RankRow {
  rank: number;
  member_id: string;
  member_name: string;
  value: number;
  share_of_total?: number | null;
  prev_rank?: number | null;
}

export function rankingSpec(rows: RankRow[], opts: { valueTitle: string; isRate?: boolean; valueKind?: TipKind; width?: number }): TopLevelSpec {
  const kind: TipKind = opts.valueKind ?? (opts.isRate ? "share" : "amount");
  const tipOf = (r: RankRow) =>
    tip([
      { title: t("Name"), value: r.member_name },
      { title: opts.valueTitle, value: r.value, kind },
      ...(opts.isRate ? [] : [{ title: t("Share of total"), value: r.share_of_total, kind: "share" as const }]),
      { title: t("Rank last period"), value: r.prev_rank, kind: "rank" },
      { title: t("Rank change"), value: r.prev_rank == null ? null : r.prev_rank - r.rank, kind: "rank_change" },
    ]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: opts.width ?? "container",
    height: { step: 22 },
    data: { values: rows.map((r) => ({ ...r, label: `${r.rank}. ${r.member_name}`, tip: tipOf(r) })) },
    mark: { type: "bar", color: "#1f4e79", cornerRadiusEnd: 2, tooltip: TOOLTIP },
    encoding: {
      y: { field: "label", type: "nominal", sort: { field: "rank", order: "ascending" }, title: null, axis: { labelLimit: 220 } },
      x: {
        field: "value",
        type: "quantitative",
        title: opts.valueTitle,
        axis: opts.isRate ? { format: ".0%" } : kind === "count" ? { format: ",~r" } : { labelExpr: amountLabel() },
      },
    },
    config: { view: { stroke: null } },
  };
}

export const renderRanking = (rows: RankRow[], opts: Parameters<typeof rankingSpec>[1]) => renderChart(rankingSpec(rows, opts), { label: opts.valueTitle });
