/**
 * What the published site may show, and what hostile text in the exports can do there: build a
 * site from a sample whose customer and product names are HTML, script, quotes and template
 * braces, check that every page shows them as text and runs nothing; check the exports
 * neutralise formulas; build an audience site and check no other department's customer is in it;
 * and check no contact detail is published, zipped data files included.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { buildAll, buildAudience } from "../cli/site.ts";
import { printReport } from "../cli/report.ts";
import { hasChromium, launchBrowser, waitForCharts } from "../lib/browser.ts";
import { queryFile } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { serveStatic } from "../lib/static-server.ts";
import { writeXlsx } from "../lib/xlsx-writer.ts";
import { generateSample } from "../sample/generate.ts";
import { readWorkbook, unzip } from "../loaders/xlsx.ts";

const root = mkdtempSync(join(tmpdir(), "tb-safety-"));
const exportsDir = join(root, "exports");
const dist = join(root, "dist");
const audienceDist = join(root, "dist-east");
const warehouse = join(root, "data", "warehouse.duckdb");
const bin = resolve(import.meta.dirname, "../bin/tierboard.cjs");
const run = hasChromium() || process.env.CI ? describe : describe.skip;

/** Names that would run, break markup or templates, or inject SQL if anything trusted them. */
const HOSTILE = [
  `<script>window.__pwned = (window.__pwned || 0) + 1</script>Acme`,
  `"><img src=x onerror="window.__pwned = 1">Beta Co`,
  `{{ 7*7 }}{% raw %} Gamma ${"${window.__pwned = 1}"}`,
  `'; drop table customers; -- Delta`,
  `=HYPERLINK("http://example.invalid","click") Epsilon`,
  `<b>Bold</b> & "quoted" 'single' <svg onload="window.__pwned=1">`,
];
const HOSTILE_PRODUCT = `<script>window.__pwned = 2</script>Widget "Pro" {{ size }}`;

/** Every text of a built site, zipped data files opened. */
function siteTexts(dir: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.zip$/.test(f)) for (const [name, read] of unzip(readFileSync(p), f)) out.push([`${relative(dir, p)}!${name}`, read().toString("utf8")]);
      else if (/\.(html|js|json|csv|txt|svg)$/.test(f)) out.push([relative(dir, p), readFileSync(p, "utf8")]);
    }
  };
  walk(dir);
  return out;
}

const query = queryFile;

let hostileIds: string[] = [];

beforeAll(async () => {
  await generateSample({ out: exportsDir, customers: 300, orderLines: 6000, seed: 3, progress: silent });
  // The largest customers of the last 12 months get the hostile names, so they reach TopN, Pareto and the report.
  const orders = readFileSync(join(exportsDir, "orders.csv"), "utf8").split("\n").slice(1).filter(Boolean).map((l) => l.split(","));
  const last = orders.reduce((m, o) => (o[1]! > m ? o[1]! : m), "");
  const since = new Date(Date.parse(last) - 365 * 86400000).toISOString().slice(0, 10);
  const customerOf = new Map(orders.filter((o) => o[1]! >= since).map((o) => [o[0]!, o[2]!]));
  const revenue = new Map<string, number>();
  for (const l of readFileSync(join(exportsDir, "order_lines.csv"), "utf8").split("\n").slice(1).filter(Boolean)) {
    const c = l.split(",");
    const customer = customerOf.get(c[0]!);
    if (customer) revenue.set(customer, (revenue.get(customer) ?? 0) + Number(c[6]));
  }
  hostileIds = [...revenue].sort((a, b) => b[1] - a[1]).slice(0, HOSTILE.length).map(([c]) => c);
  const sheets = readWorkbook(join(exportsDir, "customers.xlsx"));
  writeXlsx(join(exportsDir, "customers.xlsx"), sheets.map((s) => ({
    name: s.name,
    rows: s.rows.map(([, cells]) => {
      const i = hostileIds.indexOf(cells[0]!);
      return i >= 0 ? [cells[0], HOSTILE[i], ...cells.slice(2)] : cells;
    }),
  })));
  const productCounts = new Map<string, number>();
  for (const l of readFileSync(join(exportsDir, "order_lines.csv"), "utf8").split("\n").slice(1).filter(Boolean)) {
    const p = l.split(",")[2]!; // order_id,line_no,product_id,…
    productCounts.set(p, (productCounts.get(p) ?? 0) + 1);
  }
  const topProduct = [...productCounts].sort((a, b) => b[1] - a[1])[0]![0];
  const products = readWorkbook(join(exportsDir, "products.xlsx"));
  writeXlsx(join(exportsDir, "products.xlsx"), products.map((s) => ({
    name: s.name,
    rows: s.rows.map(([n, cells]) => (cells[0] === topProduct ? [cells[0], HOSTILE_PRODUCT, ...cells.slice(2)] : cells)),
  })));
  const config = join(root, "tierboard.yml");
  writeFileSync(config, "audiences:\n  east:\n    title: East\n    departments: [D01]\n");
  process.env.TIERBOARD_CONFIG = config;
  process.env.TIERBOARD_TARGET = join(root, "target");
  expect(await buildAll({ warehouse, sources: [exportsDir], out: dist, progress: silent })).toBe(0);
  expect(await buildAudience({ name: "east", warehouse, out: audienceDist, progress: silent })).toBe(0);
}, 600_000);

afterAll(() => {
  delete process.env.TIERBOARD_CONFIG;
  delete process.env.TIERBOARD_TARGET;
});

run("hostile names in the exports", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  beforeAll(async () => {
    server = await serveStatic(dist);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pages = () => ["index", "grades", "pareto", "topn", "topn.html?dimension=product&n=20", "growth", "receivables", "funnel", "customers", "explore", "report", "models", "data-sources",
    ...["overview-trend", "grade-mix", "pareto", "topn", "growth", "aging", "funnel"].map((c) => `embed/${c}.html`), "embed/topn.html?dimension=product&n=20",
    ...hostileIds.map((id) => `customer.html?id=${encodeURIComponent(id)}`)];

  test("show as text on every page, and nothing in them runs", async () => {
    const shown = new Set<string>();
    for (const p of pages()) {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${server.url}/${p.includes(".html") ? p : `${p}.html`}`, { waitUntil: "networkidle" });
      await waitForCharts(page);
      const state = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
        injected: document.querySelectorAll('img[src="x"], svg[onload], b').length,
        text: document.body.innerText + Array.from(document.querySelectorAll("svg text")).map((t) => t.textContent).join("\n"),
      }));
      expect({ page: p, pwned: state.pwned, dialogs, injected: state.injected }).toEqual({ page: p, pwned: null, dialogs: [], injected: 0 });
      for (const h of [...HOSTILE, HOSTILE_PRODUCT]) if (state.text.includes(h.slice(0, 40))) shown.add(h);
      await page.close();
    }
    // Every hostile name reached some page, verbatim.
    expect([...shown].sort()).toEqual([...HOSTILE, HOSTILE_PRODUCT].sort());
  }, 300_000);
});

describe("exports of hostile names", () => {
  test("the static chart exports and the PDF carry them as text", async () => {
    const svg = readFileSync(join(dist, "exports", "topn.svg"), "utf8");
    // Raw tags or event attributes would be markup; escaped, the names are only text.
    expect(svg).not.toMatch(/<(script|img|b)\b/i);
    expect([...svg.matchAll(/<[a-zA-Z][^<>]*>/g)].filter((tag) => /\son\w+="/i.test(tag[0]))).toEqual([]);
    expect(svg).toContain("&lt;script&gt;window.__pwned");
    const spec = JSON.parse(readFileSync(join(dist, "exports", "topn.vl.json"), "utf8"));
    expect(spec.data.values.map((r: { member_name: string }) => r.member_name)).toContain(HOSTILE[0]);
    // printReport fails on any error in the page; the names are in its top-10 table.
    if (hasChromium()) {
      const pdf = join(root, "report.pdf");
      await printReport({ pdf, site: dist });
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    }
  }, 120_000);

  test("CSV exports neutralise formulas; XLSX exports store them as text, never as formulas", () => {
    const csv = spawnSync(process.execPath, [bin, "query", `select customer_id, customer_name, 1 - 2 as n from stg_customers where customer_id = '${hostileIds[4]}'`, "--warehouse", warehouse], { encoding: "utf8" });
    expect(csv.stdout).toBe(`customer_id,customer_name,n\n${hostileIds[4]},"'=HYPERLINK(""http://example.invalid"",""click"") Epsilon",-1\n`);
    const xlsx = join(root, "grades.xlsx");
    const r = spawnSync(process.execPath, [bin, "export", "stg_customers", "--out", xlsx, "--warehouse", warehouse, "--where", `customer_id = '${hostileIds[4]}'`], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const sheet = unzip(readFileSync(xlsx), "grades.xlsx").get("xl/worksheets/sheet1.xml")!().toString("utf8");
    expect(sheet).not.toMatch(/<f>/);
    expect(sheet).toContain("<t xml:space=\"preserve\">=HYPERLINK(&quot;http://example.invalid&quot;,&quot;click&quot;) Epsilon</t>");
  });
});

describe("what an audience site holds", () => {
  test("no customer of another department appears anywhere in it; its own do", async () => {
    const rows = await query<{ customer_id: string; customer_name: string; department_id: string }>(warehouse, "select customer_id, customer_name, department_id from int_customers");
    const inside = rows.filter((r) => r.department_id === "D01");
    const outside = rows.filter((r) => r.department_id !== "D01");
    expect(inside.length).toBeGreaterThan(20);
    expect(outside.length).toBeGreaterThan(100);
    const texts = siteTexts(audienceDist);
    const json = (s: string) => JSON.stringify(s);
    const leaks = outside.flatMap((r) => texts.filter(([, t]) => t.includes(json(r.customer_name)) || t.includes(json(r.customer_id))).map(([f]) => `${f}: ${r.customer_id} ${r.customer_name}`));
    expect(leaks.slice(0, 10)).toEqual([]);
    const all = texts.map(([, t]) => t).join("\n");
    expect(inside.filter((r) => all.includes(json(r.customer_name))).length).toBeGreaterThan(inside.length / 2);
    // Other departments' salespeople are not named either.
    const people = await query<{ salesperson_name: string }>(warehouse, "select salesperson_name from stg_salespeople where department_id <> 'D01'");
    expect(people.filter((p) => all.includes(json(p.salesperson_name)))).toEqual([]);
  });

  test("the audience site says whose rows it holds", () => {
    expect(readFileSync(join(audienceDist, "index.html"), "utf8")).toContain("Tierboard · East");
  });
});

describe("contact details", () => {
  test("no customer or salesperson e-mail or phone is published, in any file of either site, zipped files included", () => {
    const contacts = new Set<string>();
    const [sheet] = readWorkbook(join(exportsDir, "customers.xlsx"), "客户列表");
    const header = sheet!.rows[0]![1];
    for (const [, cells] of sheet!.rows.slice(1)) for (const col of ["手机", "邮箱", "联系人", "地址"]) contacts.add(cells[header.indexOf(col)]!);
    for (const line of readFileSync(join(exportsDir, "salespeople.csv"), "utf8").split("\n").slice(1).filter(Boolean)) {
      const cells = line.split(",");
      contacts.add(cells[3]!);
      contacts.add(cells[4]!);
    }
    expect(contacts.size).toBeGreaterThan(900);
    const found: string[] = [];
    for (const d of [dist, audienceDist])
      for (const [f, text] of siteTexts(d)) for (const c of contacts) if (c && text.includes(c)) found.push(`${f}: ${c}`);
    expect(found.slice(0, 10)).toEqual([]);
  });
});
