import { afterEach, describe, expect, test } from "vitest";
import { setLocale } from "./i18n.ts";
import { stackedSpec } from "./stacked.ts";
import { migrationSpec } from "./matrix.ts";
import { paretoSpec } from "./pareto-curve.ts";
import { tip, tipText } from "./tooltip.ts";

describe("the shared tooltip", () => {
  afterEach(() => setLocale("en", "CNY"));

  test("formats amounts in the locale's units and leaves out what has no value", () => {
    expect(tip([{ title: "Revenue", value: 19_409_347.72, kind: "amount" }, { title: "Share", value: null, kind: "share" }, { title: "Growth", value: Number.NaN, kind: "growth" }])).toEqual({ Revenue: "¥19.4M" });
    setLocale("zh-CN", "CNY");
    expect(tipText("amount", 19_409_347.72)).toBe("¥1940.9万");
    expect(tipText("month", "2026-03-01")).toBe("2026年3月");
    expect(tipText("rank", null)).toBe("新");
  });

  test("a stacked bar names its value by the bar when the axis has no title, and adds the bar's extra lines", () => {
    const spec = stackedSpec(
      [{ x: "Customers", group: "A", value: 0.231, extra: [{ title: "Customers", value: 313, kind: "count" }] }],
      { valueTitle: "Share", groupTitle: "Grade", order: ["A"], format: "share" },
    ) as any;
    expect(spec.data.values[0].tip).toEqual({ Grade: "A", "Customers (Share)": "23.1%", Customers: "313" });
    const plain = stackedSpec([{ x: "Revenue", group: "B", value: 0.15 }], { valueTitle: "Share", groupTitle: "Grade", order: ["B"], format: "share" }) as any;
    expect(plain.data.values[0].tip).toEqual({ Grade: "B", "Revenue (Share)": "15%" });
  });

  test("no chart's tooltip holds NaN, undefined, null or a raw field name", () => {
    const specs = [
      stackedSpec([{ x: "Open balance", group: "1-30", value: 1234.5 }], { valueTitle: "Amount", groupTitle: "Days overdue", order: ["1-30"] }),
      migrationSpec([{ from_grade: "A", to_grade: "B", customer_count: 12, to_revenue: 5_000_000, from_revenue: Number.NaN }], { fromTitle: "Grade in 2024", toTitle: "Grade in 2025", order: ["A", "B"] }),
      paretoSpec([{ rank: 1, entity_name: "Alpha", cumulative_entity_share: 0.5, cumulative_value_share: 0.8, abc_band: "A" }], { entityTitle: "customers" }),
    ] as any[];
    const tips = specs.flatMap((s) => [s.data?.values ?? [], ...(s.layer ?? []).map((l: any) => l.data?.values ?? [])]).flat().map((d: any) => d.tip).filter(Boolean);
    expect(tips.length).toBeGreaterThanOrEqual(3);
    for (const t of tips)
      for (const [k, v] of Object.entries(t)) {
        expect(k).not.toMatch(/_|^x$|^group$|^value$/);
        expect(String(v)).not.toMatch(/NaN|undefined|null/);
      }
  });
});
