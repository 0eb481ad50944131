import { expect, test } from "vitest";
import { stackedSpec } from "./stacked.ts";

const rows = [
  { x: "Customers", group: "B", value: 0.3 },
  { x: "Customers", group: "A", value: 0.7 },
];

test("stacked bars keep the given group order and colours, with a legend", () => {
  const spec = stackedSpec(rows, { valueTitle: "Share", groupTitle: "Grade", order: ["A", "B"], colors: ["#111", "#222"], format: "share", horizontal: true }) as any;
  expect(spec.data.values.map((v: { group: string; order: number }) => [v.group, v.order])).toEqual([["B", 1], ["A", 0]]);
  expect(spec.encoding.color).toMatchObject({ scale: { domain: ["A", "B"], range: ["#111", "#222"] }, legend: { orient: "top" } });
  expect(spec.encoding.x.axis).toEqual({ format: ".0%", labelOverlap: true });
  // Shares stack to 100%: the axis ends there, not at 110%.
  expect(spec.encoding.x.scale).toEqual({ domain: [0, 1], nice: false });
  expect(spec.encoding.y.field).toBe("x");
});

test("grouped bars sit side by side and do not stack", () => {
  const spec = stackedSpec(rows, { valueTitle: "Score", groupTitle: "Part", order: ["A", "B"], grouped: true, format: "count" }) as any;
  expect(spec.encoding.y.stack).toBeNull();
  expect(spec.encoding.xOffset).toMatchObject({ field: "group" });
});
