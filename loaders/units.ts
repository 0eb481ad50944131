/**
 * Units written in a number column's header: 金额（万元）, Sales (in thousands), 数量（千件）.
 * A scale (万 10,000; 千 / K / thousands 1,000; 百万 / M / millions 1,000,000; 亿 100,000,000)
 * multiplies every value of the column, and the ingest report says so. Currency marks, per-item
 * units (元/件) and tax words scale nothing. Anything else is not guessed: the ingest stops and
 * names the header.
 */

export interface HeaderUnit {
  /** what every value is multiplied by */
  factor: number;
  /** the unit as written, for the report */
  unit: string;
}

/** Scales, longest first so that 百万 is not read as 万. */
const SCALES: [RegExp, number][] = [
  [/^(百万|million|millions|inmillions|mn|m|mio)$/, 1e6],
  [/^(十万)$/, 1e5],
  [/^(亿|hundredmillion|hundredmillions)$/, 1e8],
  [/^(万|tenthousand|tenthousands|inwan)$/, 1e4],
  [/^(千|thousand|thousands|inthousands|k|000s|'000|‘000|’000|000)$/, 1e3],
  [/^(billion|billions|inbillions|bn)$/, 1e9],
];

/** Words that name a currency, a count unit or a tax basis: they do not change the number. */
const NEUTRAL = /(人民币|港币|港元|美元|欧元|日元|rmb|cny|usd|eur|hkd|jpy|yuan|dollars?|euros?|元|¥|￥|\$|€|£|含税|不含税|未税|税前|税后|净额|inclusiveoftax|incl\.?tax|excl\.?tax|net|gross|件|个|台|套|箱|只|支|吨|公斤|kg|pcs|pieces?|units?|天|日|days?)/g;

export class UnitError extends Error {}

/** The unit in a header's brackets, or undefined when it has none. Throws UnitError on one it cannot read. */
export function headerUnit(header: string): HeaderUnit | undefined {
  const parts = [...header.normalize("NFKC").matchAll(/[(\[【]([^)\]】]*)[)\]】]/g)].map((m) => m[1]!.trim()).filter(Boolean);
  if (!parts.length) return undefined;
  let factor = 1;
  for (const part of parts) {
    // 元/件: the price of one item; only what is above the slash can scale.
    const top = part.split("/")[0]!.toLowerCase().replace(/[\s_.,-]/g, "");
    const rest = top.replace(NEUTRAL, "");
    if (rest === "") continue;
    const scale = SCALES.find(([re]) => re.test(rest));
    if (!scale) throw new UnitError(`the header "${header}" carries a unit Tierboard cannot read ("${part}")`);
    factor *= scale[1];
  }
  return factor === 1 ? undefined : { factor, unit: parts.join(", ") };
}
