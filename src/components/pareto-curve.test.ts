import { describe, expect, test } from "vitest";
import { crossing, paretoSpec, type ParetoRow } from "./pareto-curve.ts";

// Five customers: 500, 300, 100, 60, 40 of 1000.
const rows: ParetoRow[] = [
  { rank: 1, entity_name: "C1", cumulative_entity_share: 0.2, cumulative_value_share: 0.5, abc_band: "A" },
  { rank: 2, entity_name: "C2", cumulative_entity_share: 0.4, cumulative_value_share: 0.8, abc_band: "A" },
  { rank: 3, entity_name: "C3", cumulative_entity_share: 0.6, cumulative_value_share: 0.9, abc_band: "B" },
  { rank: 4, entity_name: "C4", cumulative_entity_share: 0.8, cumulative_value_share: 0.96, abc_band: "B" },
  { rank: 5, entity_name: "C5", cumulative_entity_share: 1, cumulative_value_share: 1, abc_band: "C" },
];

describe("the Pareto curve", () => {
  test("crosses 80% at the first entity that reaches it", () => {
    expect(crossing(rows)?.entity_name).toBe("C2");
    expect(crossing(rows, 0.95)?.entity_name).toBe("C4");
    expect(crossing([...rows].reverse())?.entity_name).toBe("C2");
  });

  test("starts at the origin, draws the cut line and marks the crossing", () => {
    const spec = paretoSpec(rows, { entityTitle: "customers", width: 400 }) as any;
    expect(spec.layer[0].data.values[0]).toMatchObject({ cumulative_entity_share: 0, cumulative_value_share: 0 });
    expect(spec.layer[0].data.values.map((v: ParetoRow) => v.cumulative_value_share)).toEqual([0, 0.5, 0.8, 0.9, 0.96, 1]);
    expect(spec.layer[2].data.values).toEqual([{ y: 0.8 }]);
    expect(spec.layer[4].data.values[0].text).toBe("40% bring 80%");
  });

  test("has no crossing marks when nothing reaches the cut", () => {
    const spec = paretoSpec(rows.slice(0, 1), { entityTitle: "customers" }) as any;
    expect(spec.layer).toHaveLength(3);
  });
});
