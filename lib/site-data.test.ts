import { expect, test } from "vitest";
import { splitSalespeople } from "./site-data.ts";

test("splitting a page's data moves per-salesperson rows out, but keeps the segment list whole", () => {
  const data = {
    periods: [{ period: "T12M" }],
    segments: [{ dimension: "salesperson", member: "S1", label: "Wang" }, { dimension: "region", member: "East", label: "East" }],
    kpi: [{ dimension: "none", member: "all" }, { dimension: "salesperson", member: "S1" }, { dimension: "region", member: "East" }],
  };
  const { main, salespeople } = splitSalespeople(data);
  expect(main.segments).toHaveLength(2);
  expect(main.kpi.map((r) => r.dimension)).toEqual(["none", "region"]);
  expect(salespeople).toEqual({ kpi: [{ dimension: "salesperson", member: "S1" }] });
  expect(main.periods).toEqual(data.periods);
});
