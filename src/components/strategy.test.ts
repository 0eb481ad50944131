import { afterEach, describe, expect, test } from "vitest";
import { setLocale } from "./i18n.ts";
import { className, reasonText, type ActionRow } from "./strategy.ts";

const row = (r: Partial<ActionRow>): ActionRow => ({
  reason_code: "rest", kind: "mature", revenue: 0, revenue_growth_rate: null, on_time_share: null, prev_on_time_share: null, late_invoices: 0, weighted_pipeline: 0,
  sales_level: null, collection_level: null, growth_level: null, forecast_level: null, difficulty_level: null, standing_level: null, ...r,
});
const vars = { suspend_share: 0.05, phase_out_late_days: 60 };

describe("customer strategy in words", () => {
  afterEach(() => setLocale("en", "CNY"));

  test("a reason names the figures that put the customer in its class", () => {
    expect(reasonText(row({ reason_code: "slow_collection_twice", on_time_share: 0.42, prev_on_time_share: 0.5 }), vars)).toBe("collection low in both years: 42% paid on time, 50% the year before");
    expect(reasonText(row({ reason_code: "late_invoices", late_invoices: 5 }), vars)).toBe("5 invoices paid over 60 days late");
    expect(reasonText(row({ reason_code: "high_sales", revenue: 2_500_000, collection_level: "middle" }), vars)).toBe("sales high (¥2.5M) and collection middle");
    expect(reasonText(row({ reason_code: "pinned", override_reason: "strategic account" }), vars)).toBe("set by hand: strategic account");
  });

  test("in Chinese, with the 5S names of the classes", () => {
    setLocale("zh-CN", "CNY");
    expect([className("key"), className("phase_out"), className("suspended"), className("custodial"), className("develop")]).toEqual(["重点客户", "淘汰对象", "悬置客户", "托管客户", "发展客户"]);
    expect(reasonText(row({ reason_code: "rest", sales_level: "high", collection_level: "low", growth_level: "middle" }), vars)).toBe("销售额高，回款速率低，增长空间中");
  });
});
