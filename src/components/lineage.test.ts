import { expect, test } from "vitest";
import { exposureNode, layout } from "./lineage.ts";

test("lineage puts sources first and each model right of what it refs", () => {
  const { points, edges } = layout([
    { name: "stg_a", kind: "model", refs: [], sources: ["raw.a"] },
    { name: "mart", kind: "model", refs: ["stg_a", "seed_x"], sources: [] },
    { name: "seed_x", kind: "seed", refs: [], sources: [] },
  ]);
  const depth = Object.fromEntries(points.map((p) => [p.name, p.depth]));
  expect(depth).toEqual({ "raw.a": 0, stg_a: 1, seed_x: 1, mart: 2 });
  expect(edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(["raw.a->stg_a", "seed_x->mart", "stg_a->mart"]);
});

test("pages (dbt exposures) sit right of the page models they read", () => {
  const { points, edges } = layout([
    { name: "stg_a", kind: "model", refs: [], sources: ["raw.a"] },
    { name: "page_x", kind: "model", refs: ["stg_a"], sources: [] },
    exposureNode({ name: "overview", label: "Overview", refs: ["page_x"] }),
  ]);
  const page = points.find((p) => p.kind === "page")!;
  expect(page.name).toBe("page: Overview");
  expect(page.depth).toBe(3);
  expect(edges.map((e) => `${e.from}->${e.to}`)).toContain("page_x->page: Overview");
});
