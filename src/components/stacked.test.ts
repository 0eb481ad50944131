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

test("a long list of categories turns on its side, a row each, and many months label each January level", () => {
  const owners = Array.from({ length: 30 }, (_, i) => ({ x: `Owner ${i + 1}`, group: "All", value: i }));
  const side = stackedSpec(owners, { valueTitle: "Revenue", groupTitle: "", order: ["All"], xTitle: "Owner", height: 260 }) as any;
  expect(side.encoding.y.field).toBe("x");
  expect(side.encoding.x.field).toBe("value");
  expect(side.height).toBe(30 * 18);
  const months = [...Array.from({ length: 128 }, (_, i) => ({ x: `${2016 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`, group: "All", value: i })), { x: "–", group: "All", value: 1 }];
  const axis = stackedSpec(months, { valueTitle: "Customers", groupTitle: "", order: ["All"], xTitle: "Creation month", format: "count" }) as any;
  expect(axis.encoding.x.field).toBe("x");
  expect(axis.encoding.x.axis.labelAngle).toBe(0);
  // The label expression shows 2016, 2017, ... at Januaries, the blank as "–", and nothing else.
  const { labelExpr } = axis.encoding.x.axis;
  const show = (value: string) => new Function("datum", "length", "slice", `return ${labelExpr};`)({ value }, (s: string) => s.length, (s: string, a: number, b?: number) => s.slice(a, b));
  expect(["2016-01", "2016-02", "2019-01", "–"].map(show)).toEqual(["2016", "", "2019", "–"]);
  // A few categories stay as they were: level, not turned.
  const few = stackedSpec(rows, { valueTitle: "Share", groupTitle: "Grade", order: ["A", "B"] }) as any;
  expect(few.encoding.x.field).toBe("x");
  expect(few.encoding.x.axis.labelAngle).toBe(0);
});

test("bars of one group (Explore without a second dimension) have no legend; two groups or more have one", () => {
  const one = stackedSpec([{ x: "East", group: "All", value: 5 }], { valueTitle: "Revenue", groupTitle: "", order: ["All"] }) as any;
  expect(one.encoding.color.legend).toBeNull();
  const two = stackedSpec(rows, { valueTitle: "Share", groupTitle: "Grade", order: ["A", "B"] }) as any;
  expect(two.encoding.color.legend).toEqual({ orient: "top" });
});
