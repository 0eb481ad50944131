import { afterEach, expect, test } from "vitest";
import { setLocale } from "./i18n.ts";
import { ingestText } from "./ingest-text.ts";

afterEach(() => setLocale("en"));

test("ingest notes and quarantine reasons read in Chinese on a Chinese site, and stay as written on an English one", () => {
  const reasons = [
    "expected a number such as 1234.50, ¥1,234.50, 12% or (123.00)",
    "required value is missing (expected a date between 1900 and 2100 in one of the formats %Y-%m-%d, %Y/%m/%d, … or an Excel serial date)",
    "the row has more fields than the header: Expected Number of Columns: 4 Found: 5",
    "the same customer_id again, first in customers_2023.csv row 3: counted once",
    "conflicting versions of customer_id C2 (customers_2023.csv row 3, customers_2024.csv row 2): all quarantined, keep one version in the exports",
    "the same order O1 lines again, first in sales_2024-10.csv: counted once",
    "order O3 names more than one customer (C1, C9): all its lines quarantined, fix the export",
    "an id in scientific notation: the spreadsheet stored the code as a number and may have rounded it, format the column as text and export again",
    'amount read from "金额（万元）": every value x 10,000 (unit 万元)',
    "skipped: headers match no table (客户档案导出); 2 rows name a customer_id not in the customers export (C1, C2), kept with a placeholder customer",
  ];
  expect(reasons.map(ingestText)).toEqual(reasons);
  setLocale("zh-CN");
  expect(reasons.map(ingestText)).toMatchInlineSnapshot(`
    [
      "应为数字，例如 1234.50、¥1,234.50、12% 或 (123.00)",
      "缺少必填值（应为1900 至 2100 年之间的日期，格式为 %Y-%m-%d, %Y/%m/%d 等，或 Excel 日期序号）",
      "该行字段数多于表头",
      "重复的 customer_id：首次出现在 customers_2023.csv 第 3 行，只计一次",
      "customer_id C2 有相互矛盾的版本（customers_2023.csv row 3, customers_2024.csv row 2）：全部隔离；请在导出中只保留一个版本",
      "订单 O1 的明细重复出现，首次出现在 sales_2024-10.csv：只计一次",
      "订单 O3 对应了多个客户（C1, C9）：其全部明细已隔离，请修正导出",
      "编号为科学计数法：表格把编号存成了数字，可能已被四舍五入；请将该列设为文本后重新导出",
      "amount 取自「金额（万元）」：所有数值乘以 10,000（单位 万元）",
      "已跳过：表头与任何数据表都不匹配（客户档案导出）；2 行引用了 customers 导出中没有的 customer_id（C1, C2），已保留并补充占位记录",
    ]
  `);
});
