/**
 * `tierboard sample`: a reproducible export set shaped like a Chinese B2B seller of industrial
 * automation products. Heavy-tailed customer revenue, seasonality (Spring Festival dip, year-end
 * push), growth that differs by industry, customers won and lost every year, late and partial
 * payments. Written the way real systems write: XLSX from the CRM, UTF-8 CSV from the ERP, GBK
 * CSV with Chinese headers from finance, JSON from the service desk.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { writeXlsx, type Cell } from "../lib/xlsx-writer.ts";
import { Progress } from "../lib/progress.ts";
import { Random, cumulative } from "./random.ts";

export interface SampleOptions {
  out: string;
  customers?: number;
  orderLines?: number;
  years?: number;
  seed?: number;
  end?: string;
  progress?: Progress;
}

export const SAMPLE_DEFAULTS = { orderLines: 100_000, years: 3, seed: 42, end: "2026-10-31" };
export const defaultCustomers = (orderLines: number) => Math.max(3000, Math.round(orderLines / 100));

const REGIONS: { dept: string; name: string; region: string; weight: number; places: [string, string][] }[] = [
  { dept: "D01", name: "华东销售部", region: "华东", weight: 0.34, places: [["上海", "上海"], ["江苏", "南京"], ["江苏", "苏州"], ["江苏", "无锡"], ["浙江", "杭州"], ["浙江", "宁波"], ["山东", "济南"], ["山东", "青岛"], ["安徽", "合肥"]] },
  { dept: "D02", name: "华南销售部", region: "华南", weight: 0.24, places: [["广东", "广州"], ["广东", "深圳"], ["广东", "东莞"], ["广东", "佛山"], ["福建", "厦门"], ["福建", "福州"], ["广西", "南宁"]] },
  { dept: "D03", name: "华北销售部", region: "华北", weight: 0.18, places: [["北京", "北京"], ["天津", "天津"], ["河北", "石家庄"], ["山西", "太原"]] },
  { dept: "D04", name: "华中销售部", region: "华中", weight: 0.13, places: [["湖北", "武汉"], ["湖南", "长沙"], ["河南", "郑州"]] },
  { dept: "D05", name: "西南销售部", region: "西南", weight: 0.11, places: [["四川", "成都"], ["重庆", "重庆"], ["云南", "昆明"]] },
];
const KEY_ACCOUNTS = { dept: "D06", name: "大客户部", region: "全国" };

const INDUSTRIES = [
  { name: "制造业", growth: 1.05, weight: 0.3, words: ["精密机械", "机电设备", "汽车零部件", "电子科技"] },
  { name: "新能源", growth: 1.32, weight: 0.1, words: ["新能源", "光伏科技", "储能技术"] },
  { name: "医疗", growth: 1.18, weight: 0.08, words: ["医疗器械", "生物医药"] },
  { name: "IT服务", growth: 1.12, weight: 0.09, words: ["信息技术", "软件", "数据科技"] },
  { name: "物流", growth: 1.02, weight: 0.08, words: ["物流", "供应链管理"] },
  { name: "食品", growth: 1.0, weight: 0.09, words: ["食品", "饮料"] },
  { name: "建筑", growth: 0.84, weight: 0.1, words: ["建设工程", "建材"] },
  { name: "零售", growth: 0.9, weight: 0.08, words: ["商贸", "连锁超市"] },
  { name: "教育", growth: 0.93, weight: 0.04, words: ["教育科技", "职业培训"] },
  { name: "化工", growth: 0.97, weight: 0.04, words: ["化工", "新材料"] },
];
const NAME_WORDS = "恒达 华信 东方 鼎盛 宏远 金桥 博瑞 天成 瑞丰 嘉禾 联创 永安 新锐 中科 同创 盛世 海纳 远航 汇通 正泰 德胜 凯源 启明 君和 万向 立信 长荣 星辰 华光 明德 云帆 智诚 福瑞 安泰 润禾 卓越 精工 九州 晨曦 领航".split(" ");
const SUFFIXES = ["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"];
const SIZES = [
  { band: "1-49", weight: 0.3, scale: 0.5 },
  { band: "50-199", weight: 0.35, scale: 1 },
  { band: "200-999", weight: 0.25, scale: 2 },
  { band: "1000+", weight: 0.1, scale: 4 },
];
const SOURCES = ["展会", "官网", "转介绍", "电话营销", "渠道伙伴", "老客户推荐"];
const TYPES = ["企业客户", "企业客户", "企业客户", "经销商", "系统集成商", "政府机构"];
const SURNAMES = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 罗 高".split(" ");
const GIVEN = "伟 芳 娜 敏 静 磊 洋 勇 艳 杰 涛 明 超 霞 平 刚 丽 军 强 鹏 辉 华 婷 宇 浩 晨 欣 悦 博 文".split(" ");

const CATEGORIES = [
  { name: "工业传感器", unit: "个", margin: 0.45, price: [180, 2400], qty: [5, 60], series: ["光电传感器", "接近开关", "压力变送器", "温度传感器"] },
  { name: "PLC控制器", unit: "台", margin: 0.34, price: [2200, 26000], qty: [1, 12], series: ["小型PLC", "中型PLC", "扩展模块", "通讯模块"] },
  { name: "伺服电机", unit: "套", margin: 0.27, price: [3200, 38000], qty: [1, 10], series: ["交流伺服电机", "伺服驱动器", "步进电机"] },
  { name: "工业线缆", unit: "米", margin: 0.18, price: [6, 90], qty: [100, 3000], series: ["拖链电缆", "屏蔽电缆", "编码器线"] },
  { name: "工业软件", unit: "套", margin: 0.76, price: [8000, 120000], qty: [1, 3], series: ["组态软件", "MES模块", "数据采集软件"] },
  { name: "维保服务", unit: "次", margin: 0.58, price: [1500, 30000], qty: [1, 4], series: ["年度维保", "现场调试", "培训服务"] },
  { name: "机柜配件", unit: "件", margin: 0.22, price: [40, 1800], qty: [5, 120], series: ["控制柜", "端子排", "导轨"] },
  { name: "仪器仪表", unit: "台", margin: 0.4, price: [900, 15000], qty: [1, 15], series: ["电能表", "流量计", "示波器"] },
];

// Spring Festival dip in February, quarter-end and year-end pushes.
const SEASON = [0.9, 0.55, 1.05, 0.95, 1.0, 1.15, 0.9, 0.9, 1.1, 0.95, 1.05, 1.35];
const LINES_PER_ORDER = cumulative([0.25, 0.2, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04]);
const MEAN_LINES = 3.3;

const DAY = 86400000;
const pad = (n: number) => String(n).padStart(2, "0");

/** Buffered file writer; GBK files are encoded chunk by chunk. */
class Out {
  private fd: number;
  private buf: string[] = [];
  private size = 0;
  constructor(
    path: string,
    private readonly encoding: "utf-8" | "gbk" = "utf-8",
  ) {
    this.fd = openSync(path, "w");
  }
  line(s: string) {
    this.buf.push(s, "\n");
    this.size += s.length + 1;
    if (this.size > 1 << 22) this.flush();
  }
  private flush() {
    const text = this.buf.join("");
    writeSync(this.fd, this.encoding === "gbk" ? iconv.encode(text, "gbk") : Buffer.from(text, "utf8"));
    this.buf = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const money = (n: number) => n.toFixed(2);
/** "12,345.60": how finance exports print amounts when saved "as displayed". */
const grouped = (n: number) => {
  const [i, f] = Math.abs(n).toFixed(2).split(".");
  return `${n < 0 ? "-" : ""}${i!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${f}`;
};

export async function generateSample(opts: SampleOptions): Promise<string[]> {
  const orderLines = Math.round(opts.orderLines ?? SAMPLE_DEFAULTS.orderLines);
  const nCustomers = Math.round(opts.customers ?? defaultCustomers(orderLines));
  const years = Math.round(opts.years ?? SAMPLE_DEFAULTS.years);
  const seed = opts.seed ?? SAMPLE_DEFAULTS.seed;
  const endStr = opts.end ?? SAMPLE_DEFAULTS.end;
  const progress = opts.progress ?? new Progress();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endStr) || Number.isNaN(Date.parse(endStr))) throw new Error(`--end expects a date like 2026-10-31, got "${endStr}"`);
  const endMs = Date.parse(endStr);
  const startMs = Date.UTC(new Date(endMs).getUTCFullYear() - years, 0, 1);
  const nDays = Math.round((endMs - startMs) / DAY) + 1;
  const rng = new Random(seed);
  mkdirSync(opts.out, { recursive: true });
  const path = (f: string) => join(opts.out, f);
  const files: string[] = [];

  // Calendar lookups, one entry per day of the range.
  const iso: string[] = [];
  const slash: string[] = [];
  const monthIdx = new Int32Array(nDays);
  const density = new Float64Array(nDays);
  for (let d = 0; d < nDays; d++) {
    const dt = new Date(startMs + d * DAY);
    const y = dt.getUTCFullYear();
    const m = dt.getUTCMonth();
    iso.push(`${y}-${pad(m + 1)}-${pad(dt.getUTCDate())}`);
    slash.push(`${y}/${m + 1}/${dt.getUTCDate()}`);
    monthIdx[d] = (y - new Date(startMs).getUTCFullYear()) * 12 + m;
    const wd = dt.getUTCDay();
    density[d] = SEASON[m]! * (wd === 0 || wd === 6 ? 0.12 : 1);
  }
  const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  // Organisation.
  const nSales = Math.max(15, Math.round(nCustomers / 150));
  const depts = [...REGIONS.map((r) => ({ id: r.dept, name: r.name, region: r.region })), { id: KEY_ACCOUNTS.dept, name: KEY_ACCOUNTS.name, region: KEY_ACCOUNTS.region }];
  const regionCum = cumulative(REGIONS.map((r) => r.weight));
  const sales: { id: string; name: string; dept: number; hire: string; active: boolean }[] = [];
  const salesByDept: number[][] = depts.map(() => []);
  for (let i = 0; i < nSales; i++) {
    const dept = i < Math.max(2, Math.round(nSales * 0.08)) ? 5 : rng.weighted(regionCum);
    const width = String(nSales).length < 3 ? 3 : String(nSales).length;
    sales.push({
      id: `S${String(i + 1).padStart(width, "0")}`,
      name: rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : ""),
      dept,
      hire: isoOf(startMs - rng.int(30, 3000) * DAY),
      active: rng.chance(0.93),
    });
    salesByDept[dept]!.push(i);
  }
  for (let d = 0; d < depts.length; d++) if (salesByDept[d]!.length === 0) salesByDept[d]!.push(d % nSales);

  // Customers: lognormal value, an industry that sets growth, a life span inside the range.
  const indCum = cumulative(INDUSTRIES.map((x) => x.weight));
  const sizeCum = cumulative(SIZES.map((x) => x.weight));
  const cw = String(nCustomers).length + 1;
  type Customer = {
    id: string; name: string; ind: number; region: number; place: readonly string[]; size: number; weight: number;
    mature: boolean; first: number; last: number; owner: number; terms: number; payer: number; discount: number;
    created: string; type: string; source: string; contact: string; phone: string; email: string;
  };
  const customers: Customer[] = [];
  for (let i = 0; i < nCustomers; i++) {
    const region = rng.weighted(regionCum);
    const place = rng.pick(REGIONS[region]!.places);
    const ind = rng.weighted(indCum);
    const size = rng.weighted(sizeCum);
    const weight = Math.exp(1.2 * rng.normal()) * SIZES[size]!.scale;
    const mature = rng.chance(0.78);
    // 55% were customers before the range began; the rest are won during it.
    const first = rng.chance(0.55) ? 0 : rng.int(0, nDays - 30);
    let last = nDays - 1;
    const yearsActive = (nDays - first) / 365;
    if (rng.chance(1 - Math.pow(0.87, yearsActive))) last = Math.min(nDays - 1, first + rng.int(60, Math.max(61, nDays - first)));
    const id = `C${String(i + 1).padStart(cw, "0")}`;
    const word = INDUSTRIES[ind]!.words;
    const contact = rng.pick(SURNAMES) + rng.pick(GIVEN) + rng.pick(GIVEN);
    customers.push({
      id,
      name: `${place[1]}${rng.pick(NAME_WORDS)}${rng.pick(word)}${rng.pick(SUFFIXES)}`,
      ind, region, place, size, weight, mature, first, last,
      owner: -1,
      terms: [30, 30, 60, 60, 90][rng.int(0, 4)]!,
      payer: rng.weighted(cumulative([0.68, 0.2, 0.08, 0.04])),
      discount: Math.min(0.15, 0.02 + 0.02 * Math.log1p(weight) + rng.next() * 0.03),
      created: isoOf(startMs + (first === 0 ? -rng.int(30, 2500) : first - rng.int(5, 200)) * DAY),
      type: rng.pick(TYPES),
      source: rng.pick(SOURCES),
      contact,
      phone: `1${rng.pick(["38", "39", "36", "58", "86", "37"])}${String(rng.int(0, 99999999)).padStart(8, "0")}`,
      email: `${id.toLowerCase()}.contact@example.com`,
    });
  }
  // The largest few percent go to key accounts; the others to their region's team.
  const byWeight = customers.map((c, i) => [c.weight, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const keyCut = Math.round(nCustomers * 0.03);
  byWeight.forEach(([, i], rank) => {
    const c = customers[i]!;
    const team = rank < keyCut && c.mature ? salesByDept[5]! : salesByDept[c.region]!;
    c.owner = team[rng.int(0, team.length - 1)]!;
    if (rank < keyCut) c.terms = 90;
  });

  // How many sale orders each mature customer places: proportional to value x years active x growth.
  const mature = customers.map((c, i) => i).filter((i) => customers[i]!.mature);
  const nSaleOrders = Math.max(mature.length, Math.round(orderLines / (MEAN_LINES + 0.015)));
  const expectation = mature.map((i) => {
    const c = customers[i]!;
    const g = INDUSTRIES[c.ind]!.growth;
    const mid = (c.first + c.last) / 2 / 365;
    return c.weight * ((c.last - c.first + 1) / 365) * Math.pow(g, mid);
  });
  const totalE = expectation.reduce((a, b) => a + b, 0);
  const spare = nSaleOrders - mature.length;
  const counts = expectation.map((e) => 1 + Math.floor((spare * e) / totalE));
  let short = nSaleOrders - counts.reduce((a, b) => a + b, 0);
  const remainderOrder = expectation.map((e, k) => [(spare * e) / totalE - Math.floor((spare * e) / totalE), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; short > 0; k = (k + 1) % remainderOrder.length, short--) counts[remainderOrder[k]![1]]!++;

  // Order dates within each customer's life, by season and industry growth.
  progress.info(`Generating ${nSaleOrders.toLocaleString()} orders for ${mature.length.toLocaleString()} customers…`);
  const total = Math.ceil(nSaleOrders * 1.03) + 16;
  const oCust = new Int32Array(total);
  const oDay = new Int32Array(total);
  const oLines = new Uint8Array(total);
  const oReturnOf = new Int32Array(total).fill(-1);
  const hasReturn = new Uint8Array(total);
  let nOrders = 0;
  mature.forEach((ci, k) => {
    const c = customers[ci]!;
    const g = INDUSTRIES[c.ind]!.growth;
    const maxD = 1.35 * Math.max(1, Math.pow(g, nDays / 365));
    for (let n = 0; n < counts[k]!; n++) {
      let d = 0;
      for (let tries = 0; tries < 200; tries++) {
        d = c.first + Math.floor(rng.next() * (c.last - c.first + 1));
        if (rng.next() * maxD < density[d]! * Math.pow(g, d / 365)) break;
      }
      oCust[nOrders] = ci;
      oDay[nOrders] = d;
      oLines[nOrders] = 1 + rng.weighted(LINES_PER_ORDER);
      const sale = nOrders++;
      // Some deliveries come back: a return order with a negative line, a week or a month later.
      const back = d + rng.int(7, 30);
      if (rng.chance(0.015) && back < nDays) {
        oCust[nOrders] = ci;
        oDay[nOrders] = back;
        oLines[nOrders] = 1;
        oReturnOf[nOrders++] = sale;
        hasReturn[sale] = 1;
      }
    }
  });
  // Make the line count exact by nudging sale orders' line counts.
  let lineTotal = 0;
  for (let o = 0; o < nOrders; o++) lineTotal += oLines[o]!;
  while (lineTotal !== orderLines) {
    const o = rng.int(0, nOrders - 1);
    if (oReturnOf[o]! >= 0) continue;
    if (lineTotal > orderLines && oLines[o]! > 1) (oLines[o]!--, lineTotal--);
    else if (lineTotal < orderLines && oLines[o]! < 12) (oLines[o]!++, lineTotal++);
  }
  const keys = new Float64Array(nOrders);
  for (let o = 0; o < nOrders; o++) keys[o] = oDay[o]! * 4294967296 + o;
  keys.sort();

  // Products: series within categories, popularity falling off by rank.
  const nProducts = Math.min(800, Math.max(120, Math.round(Math.sqrt(orderLines) / 2)));
  const products: { id: string; name: string; cat: number; list: number; cost: number }[] = [];
  const byCat: number[][] = CATEGORIES.map(() => []);
  for (let p = 0; p < nProducts; p++) {
    const cat = p % CATEGORIES.length;
    const c = CATEGORIES[cat]!;
    const list = Math.round(c.price[0]! * Math.pow(c.price[1]! / c.price[0]!, rng.next()));
    const cost = Math.round(list * (1 - c.margin * (0.8 + rng.next() * 0.4)) * 100) / 100;
    products.push({ id: `P${String(p + 1).padStart(4, "0")}`, name: `${rng.pick(c.series)} ${String.fromCharCode(65 + rng.int(0, 25))}${rng.int(10, 99)}0`, cat, list, cost });
    byCat[cat]!.push(p);
  }
  const catPop = byCat.map((ps) => cumulative(ps.map((_, r) => 1 / (r + 1))));
  const indCat = INDUSTRIES.map(() => cumulative(CATEGORIES.map(() => 0.3 + rng.next())));

  // Orders, lines, invoices and payments in one pass, in date order.
  const ordersOut = new Out(path("orders.csv"));
  const linesOut = new Out(path("order_lines.csv"));
  const invOut = new Out(path("发票.csv"), "gbk");
  const payOut = new Out(path("回款记录.csv"), "gbk");
  ordersOut.line("order_id,order_date,customer_id,salesperson_id,department_id,order_type,status,currency");
  linesOut.line("order_id,line_no,product_id,quantity,unit_price,discount,amount,cost");
  invOut.line("发票号码,客户编号,订单编号,开票日期,到期日,发票金额,币种");
  payOut.line("回款单号,客户编号,发票号码,回款日期,回款金额,付款方式");
  const firstLine = new Map<number, [number, number, number, number]>();
  const orderId = new Array<string>(nOrders);
  const months = monthIdx[nDays - 1]! + 1;
  const salesMonth = new Float64Array(nSales * months);
  let perDay = 0;
  let lastDay = -1;
  let invSeq = 0;
  let paySeq = 0;
  const startYear = new Date(startMs).getUTCFullYear();
  for (let k = 0; k < nOrders; k++) {
    const o = keys[k]! % 4294967296;
    const d = oDay[o]!;
    const c = customers[oCust[o]!]!;
    perDay = d === lastDay ? perDay + 1 : 1;
    lastDay = d;
    const ret = oReturnOf[o]!;
    const id = `${ret >= 0 ? "RT" : "SO"}${iso[d]!.replace(/-/g, "")}${String(perDay).padStart(4, "0")}`;
    orderId[o] = id;
    const sp = sales[c.owner]!;
    const dept = depts[sp.dept]!.id;
    const inflation = Math.pow(1.03, (d / 365));
    let amountTotal = 0;
    if (ret >= 0) {
      const [p, qty, price, cost] = firstLine.get(ret)!;
      firstLine.delete(ret);
      const back = -Math.max(1, Math.round(qty * (0.2 + rng.next() * 0.8)));
      amountTotal = back * price;
      linesOut.line(`${id},1,${products[p]!.id},${back},${money(price)},0,${money(back * price)},${money(back * cost)}`);
      ordersOut.line(`${id},${iso[d]},${c.id},${sp.id},${dept},return,completed,CNY`);
    } else {
      ordersOut.line(`${id},${iso[d]},${c.id},${sp.id},${dept},sale,${d > nDays - 10 && rng.chance(0.5) ? "open" : "completed"},CNY`);
      const scale = Math.sqrt(SIZES[c.size]!.scale * (0.5 + Math.min(4, c.weight) / 2));
      for (let l = 1; l <= oLines[o]!; l++) {
        const cat = rng.weighted(indCat[c.ind]!);
        const p = byCat[cat]![rng.weighted(catPop[cat]!)]!;
        const prod = products[p]!;
        const cdef = CATEGORIES[cat]!;
        const qty = Math.max(1, Math.round((cdef.qty[0] + rng.next() * (cdef.qty[1] - cdef.qty[0]) * 0.4) * scale));
        const disc = Math.max(0, Math.round((c.discount + (rng.next() - 0.5) * 0.04) * 1000) / 1000);
        const price = Math.round(prod.list * inflation * (1 - disc) * 100) / 100;
        const cost = Math.round(prod.cost * inflation * 100) / 100;
        if (l === 1 && hasReturn[o]) firstLine.set(o, [p, qty, price, cost]);
        amountTotal += qty * price;
        linesOut.line(`${id},${l},${prod.id},${qty},${money(price)},${disc},${money(qty * price)},${money(qty * cost)}`);
      }
    }
    salesMonth[c.owner * months + monthIdx[d]!]! += amountTotal;

    // Invoices follow within a week (credit notes for returns); payments by the customer's habits.
    const invDay = d + rng.int(0, 7);
    if (invDay >= nDays) continue;
    const invId = `FP${String(++invSeq).padStart(9, "0")}`;
    const due = invDay + c.terms;
    invOut.line(`${invId},${c.id},${id},${slash[invDay]},${isoOf(startMs + due * DAY)},${q(grouped(amountTotal))},人民币`);
    if (amountTotal <= 0) continue;
    const never = [0.004, 0.02, 0.06, 0.35][c.payer]!;
    if (rng.chance(never)) continue;
    const delay = () =>
      c.payer === 0 ? rng.int(Math.round(c.terms * 0.3), c.terms) :
      c.payer === 1 ? c.terms + Math.round(rng.exponential(20)) :
      c.payer === 2 ? c.terms + rng.int(30, 150) :
      c.terms + rng.int(60, 300);
    const method = rng.chance(0.8) ? "银行转账" : rng.chance(0.75) ? "承兑汇票" : "支票";
    const parts = rng.chance(0.06) ? [Math.round(amountTotal * (0.3 + rng.next() * 0.4) * 100) / 100] : [amountTotal];
    if (parts[0] !== amountTotal && !rng.chance(c.payer === 3 ? 0.5 : 0.1)) parts.push(amountTotal - parts[0]!);
    let payDay = invDay;
    for (const part of parts) {
      payDay += delay();
      if (payDay >= nDays) break;
      payOut.line(`HK${String(++paySeq).padStart(9, "0")},${c.id},${invId},${slash[payDay]},${q(grouped(part))},${method}`);
    }
  }
  for (const o of [ordersOut, linesOut, invOut, payOut]) o.close();
  files.push("orders.csv", "order_lines.csv", "发票.csv", "回款记录.csv");

  // Reference data.
  const deptOut = new Out(path("departments.csv"));
  deptOut.line("department_id,department_name,parent_department_id,region");
  for (const d of depts) deptOut.line(`${d.id},${d.name},HQ,${d.region}`);
  deptOut.close();
  const spOut = new Out(path("salespeople.csv"));
  spOut.line("salesperson_id,salesperson_name,department_id,email,phone,hire_date,is_active");
  for (const s of sales)
    spOut.line(`${s.id},${s.name},${depts[s.dept]!.id},${s.id.toLowerCase()}@tierboard-sample.example.com,0571-8${String(rng.int(0, 9999999)).padStart(7, "0")},${s.hire},${s.active ? "yes" : "no"}`);
  spOut.close();
  files.push("departments.csv", "salespeople.csv");

  const custRows: Cell[][] = [["客户编号", "客户名称", "客户类型", "行业", "省份", "城市", "人员规模", "客户来源", "负责人编号", "创建日期", "联系人", "手机", "邮箱", "地址", "信用额度", "账期(天)", "年采购额"]];
  // About half the customers state an annual purchase potential (年采购额); derived without the
  // random stream, so that the rest of the sample stays as it was.
  for (const [i, c] of customers.entries())
    custRows.push([
      c.id, c.name, c.type, INDUSTRIES[c.ind]!.name, c.place[0]!, c.place[1]!, SIZES[c.size]!.band, c.source, sales[c.owner]!.id,
      new Date(Date.parse(c.created)), c.contact, c.phone, c.email, `${c.place[1]}市${rng.pick(NAME_WORDS)}路${rng.int(1, 999)}号`,
      Math.round(Math.max(50000, c.weight * 200000) / 10000) * 10000, c.terms,
      i % 2 === 0 ? Math.round((c.weight * 150_000 * (2 + (i % 7))) / 10000) * 10000 : null,
    ]);
  writeXlsx(path("customers.xlsx"), [
    { name: "客户列表", rows: custRows },
    { name: "说明", rows: [["客户档案导出"], [`导出日期：${endStr}`], ["负责人编号对应销售人员表"]] },
  ]);
  const prodRows: Cell[][] = [["Product ID", "Product Name", "Category", "Unit", "List Price", "Unit Cost"]];
  for (const p of products) prodRows.push([p.id, p.name, CATEGORIES[p.cat]!.name, CATEGORIES[p.cat]!.unit, p.list, p.cost]);
  writeXlsx(path("products.xlsx"), [{ name: "Products", rows: prodRows }]);
  files.push("customers.xlsx", "products.xlsx");

  // Opportunities: history for mature customers, open pipeline for prospects.
  const STAGES = ["初步接洽", "需求确认", "方案报价", "谈判审核", "赢单", "输单"];
  const PROB = ["10%", "25%", "50%", "75%", "100%", "0%"];
  const oppRows: Cell[][] = [["商机编号", "客户编号", "客户名称", "商机名称", "销售阶段", "预计金额", "赢率", "预计成交日期", "创建日期", "负责人编号"]];
  let oppSeq = 0;
  for (const c of customers) {
    const n = c.mature ? rng.int(0, 3) : rng.int(1, 3);
    for (let i = 0; i < n; i++) {
      const created = rng.int(Math.max(0, c.first - 120), nDays - 1);
      const close = created + rng.int(20, 180);
      const open = close >= nDays - 1 || (!c.mature && rng.chance(0.6));
      const stage = open ? rng.weighted(cumulative([0.35, 0.28, 0.22, 0.15])) : c.mature && rng.chance(0.6) ? 4 : 5;
      const amount = Math.round(Math.max(5000, c.weight * 60000 * (0.5 + rng.next())) / 100) * 100;
      oppRows.push([
        `OP${String(++oppSeq).padStart(7, "0")}`, c.id, c.name, `${c.name.slice(0, 4)}${rng.pick(CATEGORIES).name}项目`,
        STAGES[stage]!, amount, PROB[stage]!, new Date(startMs + Math.min(close, nDays + 150) * DAY), new Date(startMs + created * DAY), sales[c.owner]!.id,
      ]);
    }
  }
  writeXlsx(path("opportunities.xlsx"), [{ name: "商机", rows: oppRows }]);
  files.push("opportunities.xlsx");

  // Service tickets from the help desk's API, as JSON.
  const PRIORITY = cumulative([0.3, 0.45, 0.2, 0.05]);
  const PRIORITIES = ["low", "normal", "high", "urgent"];
  const CATS = ["安装调试", "故障维修", "技术咨询", "投诉", "退换货"];
  const CHANNELS = ["电话", "微信", "邮件", "上门"];
  const tickets: string[] = [];
  const ticketShare = Math.min(1, (orderLines * 0.012) / Math.max(1, mature.length));
  for (const ci of mature) {
    const c = customers[ci]!;
    const n = Math.round(ticketShare * (0.5 + Math.min(6, c.weight)) * rng.next() * 2);
    for (let i = 0; i < n; i++) {
      const t = startMs + rng.int(c.first, c.last) * DAY + rng.int(8 * 60, 19 * 60) * 60000;
      const responded = t + Math.round(rng.exponential(6 * 3600000));
      const resolved = responded + Math.round(rng.exponential(2.5 * DAY));
      const done = resolved <= endMs + DAY;
      const ts = (ms: number) => new Date(ms).toISOString().slice(0, 19);
      tickets.push(JSON.stringify({
        ticket_id: `TK${String(tickets.length + 1).padStart(7, "0")}`, customer_id: c.id, created_at: ts(t),
        first_response_at: responded <= endMs + DAY ? ts(responded) : null, resolved_at: done ? ts(resolved) : null,
        priority: PRIORITIES[rng.weighted(PRIORITY)], category: rng.pick(CATS), status: done ? "已解决" : "处理中", channel: rng.pick(CHANNELS),
      }));
    }
  }
  const tk = new Out(path("tickets.json"));
  tk.line(`[\n${tickets.join(",\n")}\n]`);
  tk.close();
  files.push("tickets.json");

  // Monthly targets per salesperson, set around what they sold (so attainment varies).
  const tg = new Out(path("targets.csv"));
  tg.line("month,salesperson_id,target_amount");
  for (let m = 0; m < months; m++)
    for (let s = 0; s < nSales; s++) {
      const base = salesMonth[s * months + m]!;
      if (base <= 0) continue;
      tg.line(`${startYear + Math.floor(m / 12)}-${pad((m % 12) + 1)},${sales[s]!.id},${Math.round((base * (0.85 + rng.next() * 0.4)) / 1000) * 1000}`);
    }
  tg.close();
  files.push("targets.csv");
  return files;
}
