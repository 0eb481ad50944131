import { afterEach, expect, test } from "vitest";
import { setLocale } from "./i18n.ts";
import { funnelSpec, stageName } from "./funnel.ts";

afterEach(() => setLocale("en", "CNY"));

test("a funnel draws stages reached, widest first, with the conversion to the next", () => {
  const spec = funnelSpec([
    { stage: "qualified", stage_order: 2, reached_count: 2654, conversion_to_next: 0.87 },
    { stage: "lead", stage_order: 1, reached_count: 4831, conversion_to_next: 0.549 },
    { stage: "won", stage_order: 5, reached_count: 1802, conversion_to_next: null },
  ]) as any;
  expect(spec.data.values.map((v: any) => [v.stage, v.x2 - v.x, v.conversion])).toEqual([["Lead", 4831, "↓ 54.9%"], ["Qualified", 2654, "↓ 87%"], ["Won", 1802, ""]]);
  expect(spec.encoding.y.sort).toEqual(["Lead", "Qualified", "Won"]);
  expect(spec.data.values[0].tip).toEqual({ Stage: "Lead", Reached: "4,831", "Conversion to next": "54.9%" });
});

test("stage names read as words in both languages", () => {
  expect([stageName("lead"), stageName("won")]).toEqual(["Lead", "Won"]);
  setLocale("zh-CN", "CNY");
  expect([stageName("lead"), stageName("won")]).toEqual(["线索", "赢单"]);
});
