import { expect, test } from "vitest";
import { rankingSpec } from "./ranking.ts";

test("a ranking spec sorts by rank, labels with rank and name, and computes rank change", () => {
  const spec = rankingSpec(
    [
      { rank: 2, member_id: "C2", member_name: "Beta", value: 300, share_of_total: 0.3, prev_rank: 1 },
      { rank: 1, member_id: "C1", member_name: "Alpha", value: 500, share_of_total: 0.5, prev_rank: null },
    ],
    { valueTitle: "Revenue", width: 300 },
  );
  expect(spec).toMatchInlineSnapshot(`
    {
      "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
      "config": {
        "view": {
          "stroke": null,
        },
      },
      "data": {
        "values": [
          {
            "label": "2. Beta",
            "member_id": "C2",
            "member_name": "Beta",
            "prev_rank": 1,
            "rank": 2,
            "rank_change": -1,
            "share_of_total": 0.3,
            "value": 300,
          },
          {
            "label": "1. Alpha",
            "member_id": "C1",
            "member_name": "Alpha",
            "prev_rank": null,
            "rank": 1,
            "rank_change": null,
            "share_of_total": 0.5,
            "value": 500,
          },
        ],
      },
      "encoding": {
        "tooltip": [
          {
            "field": "member_name",
            "title": "Name",
          },
          {
            "field": "value",
            "format": ",.2f",
            "title": "Revenue",
          },
          {
            "field": "share_of_total",
            "format": ".1%",
            "title": "Share of total",
          },
          {
            "field": "prev_rank",
            "title": "Rank last period",
          },
          {
            "field": "rank_change",
            "title": "Rank change",
          },
        ],
        "x": {
          "axis": {
            "labelExpr": "replace(format(datum.value, '.3~s'), 'G', 'B')",
          },
          "field": "value",
          "title": "Revenue",
          "type": "quantitative",
        },
        "y": {
          "axis": {
            "labelLimit": 220,
          },
          "field": "label",
          "sort": {
            "field": "rank",
            "order": "ascending",
          },
          "title": null,
          "type": "nominal",
        },
      },
      "height": {
        "step": 22,
      },
      "mark": {
        "color": "#1f4e79",
        "cornerRadiusEnd": 2,
        "type": "bar",
      },
      "width": 300,
    }
  `);
});

test("a rate ranking formats as percent and has no share of total", () => {
  const spec = rankingSpec([{ rank: 1, member_id: "P1", member_name: "P", value: 0.4 }], { valueTitle: "Margin", isRate: true }) as any;
  expect(spec.encoding.x.axis).toEqual({ format: ".0%" });
  expect(spec.encoding.tooltip.map((t: { title: string }) => t.title)).not.toContain("Share of total");
});
