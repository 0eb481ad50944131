import { expect, test } from "vitest";
import { rankingSpec } from "./ranking.ts";

test("a ranking sorts by rank and labels each bar with its rank and name", () => {
  const spec = rankingSpec(
    [
      { rank: 2, member_id: "C2", member_name: "Beta", value: 300, share_of_total: 0.3, prev_rank: 1 },
      { rank: 1, member_id: "C1", member_name: "Alpha", value: 500, share_of_total: 0.5, prev_rank: null },
    ],
    { valueTitle: "Revenue", width: 300 },
  ) as any;
  expect(spec.encoding.y).toMatchObject({ field: "label", sort: { field: "rank", order: "ascending" } });
  expect(spec.data.values.map((v: { label: string }) => v.label)).toEqual(["2. Beta", "1. Alpha"]);
  expect(spec.mark.tooltip).toEqual({ expr: "datum.tip" });
});

test("a ranking's tooltip formats the amount and share, and says a member is new instead of null", () => {
  const spec = rankingSpec(
    [
      { rank: 2, member_id: "C2", member_name: "Beta", value: 19_409_347.72, share_of_total: 0.3, prev_rank: 5 },
      { rank: 1, member_id: "C1", member_name: "Alpha", value: 500, share_of_total: null, prev_rank: null },
    ],
    { valueTitle: "Revenue" },
  ) as any;
  expect(spec.data.values[0].tip).toEqual({ Name: "Beta", Revenue: "¥19.4M", "Share of total": "30%", "Rank last period": "5", "Rank change": "▲ 3" });
  // No share to show: the line is left out; no last rank: "new", and no change line.
  expect(spec.data.values[1].tip).toEqual({ Name: "Alpha", Revenue: "¥500", "Rank last period": "new" });
});

test("a rate ranking formats as percent and has no share of total", () => {
  const spec = rankingSpec([{ rank: 1, member_id: "P1", member_name: "P", value: 0.4 }], { valueTitle: "Margin", isRate: true }) as any;
  expect(spec.encoding.x.axis).toEqual({ format: ".0%" });
  expect(spec.data.values[0].tip).toEqual({ Name: "P", Margin: "40%", "Rank last period": "new" });
});
