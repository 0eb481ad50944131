/**
 * The ingest writes its notes and quarantine reasons in English (they also go to
 * data/quarantine.csv and the console); a Chinese site shows them in Chinese. Each pattern
 * matches one sentence the loaders write (loaders/ingest.ts, read.ts, validate.ts).
 */
import { locale } from "./i18n.js";

const EXPECTED: [RegExp, string][] = [
  [/^a number such as 1234\.50, ¥1,234\.50, 12% or \(123\.00\)$/, "数字，例如 1234.50、¥1,234.50、12% 或 (123.00)"],
  [/^a share such as 0\.6, 60% or 60$/, "比例，例如 0.6、60% 或 60"],
  [/^a whole number$/, "整数"],
  [/^a date between 1900 and 2100 in one of the formats (.*), … or an Excel serial date$/, "1900 至 2100 年之间的日期，格式为 $1 等，或 Excel 日期序号"],
  [/^yes\/no, true\/false, 1\/0 or 是\/否$/, "是/否、true/false 或 1/0"],
  [/^one of (.*)$/, "以下之一：$1"],
  [/^text$/, "文本"],
];

const expected = (s: string) => {
  for (const [re, zh] of EXPECTED) if (re.test(s)) return s.replace(re, zh);
  return s;
};

const SENTENCES: [RegExp, string | ((...m: string[]) => string)][] = [
  [/^required value is missing \(expected (.*)\)$/, (_, e) => `缺少必填值（应为${expected(e!)}）`],
  [/^expected (.*)$/, (_, e) => `应为${expected(e!)}`],
  [/^the row has more fields than the header.*$/, "该行字段数多于表头"],
  [/^the row has fewer fields than the header.*$/, "该行字段数少于表头"],
  [/^a quote is not closed or stands inside an unquoted field.*$/, "引号未闭合，或出现在未加引号的字段中"],
  [/^the text is not valid in the file's encoding.*$/, "文本不符合文件的编码（编码混杂？）"],
  [/^the line is longer than the 10 MB limit.*$/, "该行超过 10 MB 的长度上限"],
  [/^a value cannot be read.*$/, "有值无法读取"],
  [/^the same ([\w +]+) again, first in (.*) row (\d+): counted once$/, "重复的 $1：首次出现在 $2 第 $3 行，只计一次"],
  [/^conflicting versions of ([\w +]+) (.*) \((.*)\): all quarantined, keep one version in the exports$/, "$1 $2 有相互矛盾的版本（$3）：全部隔离；请在导出中只保留一个版本"],
  [/^the same order (.*) lines again, first in (.*): counted once$/, "订单 $1 的明细重复出现，首次出现在 $2：只计一次"],
  [/^conflicting versions of order (.*) lines \((.*)\): all quarantined, keep one version in the exports$/, "订单 $1 的明细在 $2 中不一致：全部隔离；请在导出中只保留一个版本"],
  [/^order (.*) names more than one customer \((.*)\): all its lines quarantined, fix the export$/, "订单 $1 对应了多个客户（$2）：其全部明细已隔离，请修正导出"],
  [/^an id in scientific notation: .*$/, "编号为科学计数法：表格把编号存成了数字，可能已被四舍五入；请将该列设为文本后重新导出"],
  [/^(\w+) read from "(.*)": every value x ([\d,]+) \(unit (.*)\)$/, "$1 取自「$2」：所有数值乘以 $3（单位 $4）"],
  [/^a date in the future \(after (.*)\): (\w+) must be a date that has passed$/, "未来日期（晚于 $1）：$2 必须是已发生的日期"],
  [/^no amount, and no unit price to work it out from$/, "没有金额，也没有可用于计算金额的单价"],
  [/^the row repeats the header row.*$/, "该行重复了表头（两份导出被拼接在一起？）"],
  [/^an id longer than 200 characters$/, "编号超过 200 个字符"],
  [/^the row has values beyond the last header column \((\d+) cells, (\d+) headers\)$/, "该行在最后一个表头列之后还有值（$1 个单元格，$2 个表头）"],
  [/^skipped: headers match no table \((.*)\)$/, "已跳过：表头与任何数据表都不匹配（$1）"],
  [/^empty: no rows$/, "空文件：没有数据行"],
  [/^mixed encodings: (\d+) line\(s\) were not UTF-8 and were read as GBK\/GB18030 \(line (.*)\); check them$/, "编码混杂：$1 行不是 UTF-8，已按 GBK/GB18030 读取（第 $2 行），请检查"],
  [/^([\d,]+) rows? names? a (\w+) not in the (\w+) export \((.*)\), kept with a placeholder \w+$/, "$1 行引用了 $3 导出中没有的 $2（$4），已保留并补充占位记录"],
  [/^built-in presets \(English and Chinese headers\)$/, "内置映射（中英文表头）"],
  [/^(.*) \+ built-in presets$/, "$1 + 内置映射"],
];

/** One note or reason (notes may join several with "; ") in the site's language. */
export function ingestText(s: string | null | undefined): string {
  if (!s || locale() !== "zh-CN") return s ?? "";
  return s
    .split("; ")
    .map((part) => {
      for (const [re, zh] of SENTENCES) if (re.test(part)) return typeof zh === "string" ? part.replace(re, zh) : part.replace(re, zh as never);
      return part;
    })
    .join("；");
}
