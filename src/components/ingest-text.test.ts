import { afterEach, expect, test } from "vitest";
import { setLocale } from "./i18n.ts";
import { ingestText } from "./ingest-text.ts";

afterEach(() => setLocale("en"));

test("ingest notes and quarantine reasons read in Chinese on a Chinese site, and stay as written on an English one", () => {
  const reasons = [
    "expected a number such as 1234.50, ¥1,234.50, 12% or (123.00)",
    "required value is missing (expected a date between 1900 and 2100 in one of the formats %Y-%m-%d, %Y/%m/%d, … or an Excel serial date)",
    "the row has more fields than the header: Expected Number of Columns: 4 Found: 5",
    "duplicate customer_id: first seen in customers_2023.csv row 3",
    "skipped: headers match no table (客户档案导出); 2 rows name a customer_id not in the customers export (C1, C2), kept with a placeholder customer",
  ];
  expect(reasons.map(ingestText)).toEqual(reasons);
  setLocale("zh-CN");
  expect(reasons.map(ingestText)).toMatchInlineSnapshot(`
    [
      "应为数字，例如 1234.50、¥1,234.50、12% 或 (123.00)",
      "缺少必填值（应为1900 至 2100 年之间的日期，格式为 %Y-%m-%d, %Y/%m/%d 等，或 Excel 日期序号）",
      "该行字段数多于表头",
      "重复的 customer_id：首次出现在 customers_2023.csv 第 3 行",
      "已跳过：表头与任何数据表都不匹配（客户档案导出）；2 行引用了 customers 导出中没有的 customer_id（C1, C2），已保留并补充占位记录",
    ]
  `);
});
