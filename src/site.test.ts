/**
 * Browser tests of the built site: build it from a small sample through the whole pipeline,
 * serve it on loopback, open every page in headless chromium, click through a drill-down, and
 * write a screenshot of each page to test-results/screenshots/ for review.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildAll } from "../cli/site.ts";
import { hasChromium, launchBrowser, waitForCharts } from "../lib/browser.ts";
import { queryFile } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { serveStatic } from "../lib/static-server.ts";
import { generateSample } from "../sample/generate.ts";
import { readWorkbook } from "../loaders/xlsx.ts";
import { printReport } from "../cli/report.ts";
import { compact } from "../publish/page-files.ts";
import { KEY_CHARTS } from "./components/charts.ts";

const root = mkdtempSync(join(tmpdir(), "tb-site-"));
const dist = join(root, "dist");
const warehouse = join(root, "warehouse.duckdb");
const shots = resolve(import.meta.dirname, "../test-results/screenshots");
// CI installs chromium; a developer without it sees these tests skipped, not passed.
const run = hasChromium() || process.env.CI ? describe : describe.skip;

const PAGES = ["index", "grades", "pareto", "topn", "growth", "receivables", "funnel", "customers", "explore", "report", "models", "data-sources"];

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));

const query = <T = Record<string, unknown>>(sql: string) => queryFile<T>(warehouse, sql);

run("the built site", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  beforeAll(async () => {
    await generateSample({ out: join(root, "exports"), customers: 300, orderLines: 5000, progress: silent });
    // One bad row, so that the quarantine shows on the data-sources page.
    const lines = join(root, "exports", "order_lines.csv");
    const text = readFileSync(lines, "utf8").split("\n");
    const cells = text[1]!.split(",");
    cells[3] = "lots";
    text[1] = cells.join(",");
    writeFileSync(lines, text.join("\n"));
    process.env.TIERBOARD_TARGET = join(root, "target");
    const code = await buildAll({ warehouse, sources: [join(root, "exports")], out: dist, progress: silent });
    expect(code).toBe(0);
    server = await serveStatic(dist);
    browser = await launchBrowser();
    mkdirSync(shots, { recursive: true });
  }, 600_000);
  afterAll(async () => {
    delete process.env.TIERBOARD_TARGET;
    await browser?.close();
    await server?.close();
  });

  /** Opens a page, recording console errors and requests that leave this machine. */
  async function open(path: string): Promise<{ page: Page; errors: string[]; outside: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const outside: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    page.on("request", (r) => !r.url().startsWith(server.url) && !r.url().startsWith("data:") && outside.push(r.url()));
    await page.goto(`${server.url}/${path}`, { waitUntil: "networkidle" });
    await page.waitForSelector("h1");
    // Charts draw once they are in the page.
    await waitForCharts(page);
    return { page, errors, outside };
  }

  /** Clicks the first data mark of the n-th chart on the page, where a reader would. */
  async function clickFirstMark(page: Page, chart: number) {
    const mark = page.locator("figure.chart").nth(chart).locator("g.role-mark path").first();
    await mark.scrollIntoViewIfNeeded();
    const box = await mark.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
  }

  test("makes no request to another host: no external src, href, url() or import in dist/", () => {
    const offenders: string[] = [];
    const patterns = [/\b(?:src|href|action|poster)\s*=\s*["']?\s*((?:https?:)?\/\/[^"'\s>]+)/gi, /url\(\s*["']?((?:https?:)?\/\/[^"')]+)/gi, /\bimport\s*(?:[\w{}\s,*]+from\s*)?\(?\s*["']((?:https?:)?\/\/[^"']+)/gi, /@import\s+["']((?:https?:)?\/\/[^"']+)/gi];
    for (const f of files(dist)) {
      if (!/\.(html|js|css|svg)$/.test(f)) continue;
      const text = readFileSync(f, "utf8");
      for (const p of patterns) for (const m of text.matchAll(p)) offenders.push(`${relative(dist, f)}: ${m[1]}`);
    }
    expect(offenders).toEqual([]);
  });

  test.each(PAGES)("renders %s with every chart drawn, no errors and no outside requests", async (name) => {
    const { page, errors, outside } = await open(`${name}.html`);
    await page.waitForLoadState("networkidle");
    // Drawn marks have a size: count the ones with an area or a length.
    const charts = await page.$$eval("figure.chart", (figs) =>
      figs.map((f) => Array.from(f.querySelectorAll("svg g.role-mark > *")).filter((m) => {
        const r = (m as SVGGraphicsElement).getBoundingClientRect();
        return r.width > 0 || r.height > 0;
      }).length),
    );
    expect(charts.every((n) => n > 0), `charts without marks: ${JSON.stringify(charts)}`).toBe(true);
    if (!["data-sources", "customers", "explore"].includes(name)) expect(charts.length).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    expect(errors, errors.join("\n")).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });

  test("drills down from the top-customers chart to that customer's page, which loads only that customer's file", async () => {
    const [top] = await query<{ member_id: string; member_name: string }>("select member_id, member_name from topn where period = 'T12M' and dimension = 'customer' and metric = 'revenue' and rank = 1");
    const { page, errors } = await open("index.html");
    const dataRequests: string[] = [];
    page.on("request", (r) => r.url().includes("/data/customers/") && dataRequests.push(r.url()));
    await clickFirstMark(page, 2);
    await page.waitForURL(/customer\.html\?id=/);
    await page.waitForSelector("h1");
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).searchParams.get("id")).toBe(top!.member_id);
    expect(await page.textContent("h1")).toBe(top!.member_name);
    expect(dataRequests).toHaveLength(1);
    expect(await page.locator("table.data").count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(shots, "customer.png"), fullPage: true });
    expect(errors, errors.join("\n")).toEqual([]);
    await page.close();
  });

  test("drills down from a grade to its customers, and the grade filter lives in the URL", async () => {
    const { page } = await open("grades.html?period=T12M");
    await clickFirstMark(page, 0);
    await page.waitForURL(/customers\.html\?grade=A/);
    await page.waitForSelector("table[data-name='customers'] tbody tr");
    const grades = await page.$$eval("table[data-name='customers'] tbody tr td:nth-child(3)", (tds) => tds.map((t) => t.textContent!.trim()[0]));
    expect(grades.length).toBeGreaterThan(0);
    expect(new Set(grades)).toEqual(new Set(["A"]));
    // The sidebar links carry the period and grade on.
    expect(await page.getAttribute("#observablehq-sidebar a[href*='grades.html']", "href")).toContain("period=T12M");
    await page.close();
  });

  test("reproduces a view from its link: TopN by product and gross profit", async () => {
    const { page } = await open("topn.html?period=T12M&dimension=product&metric=gross_profit&n=10");
    await page.waitForSelector("table.data tbody tr");
    expect(await page.textContent("h1")).toBe("Top 10 products by gross profit, last 12 months");
    const [first] = await query<{ member_name: string }>("select member_name from topn where period = 'T12M' and dimension = 'product' and metric = 'gross_profit' and rank = 1");
    expect(await page.textContent("table.data tbody tr td:nth-child(2)")).toBe(first!.member_name);
    await page.close();
  });

  // Department sales are credited by the order's department, salesperson sales by the order's salesperson.
  test.each([
    ["department", "department_id", "department_name"],
    ["salesperson", "salesperson_id", "salesperson_name"],
  ])("narrows the overview to one %s from the URL, and carries it to the other pages", async (dimension, idCol, nameCol) => {
    const [seg] = await query<{ id: string; name: string; revenue: number }>(`select ${idCol} as id, any_value(${nameCol}) as name, sum(revenue)::double as revenue
      from sales_lines, periods where periods.period = 'T12M' and order_date between period_start and period_end group by 1 order by 1 limit 1`);
    const { page, errors } = await open(`index.html?${dimension}=${encodeURIComponent(seg!.id)}`);
    expect(await page.textContent("h1")).toBe(`Overview: ${dimension} ${seg!.name}`);
    expect(await page.textContent(".kpi .big")).toBe(new Intl.NumberFormat("en-US", { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", notation: "compact", maximumFractionDigits: 1 }).format(seg!.revenue));
    expect(await page.getAttribute("#observablehq-sidebar a[href*='receivables.html']", "href")).toContain(`${dimension}=${encodeURIComponent(seg!.id)}`);
    expect(errors, errors.join("\n")).toEqual([]);
    await page.close();
  });

  test("says so when a customer id is unknown", async () => {
    const { page, errors } = await open("customer.html?id=NOPE");
    expect(await page.textContent("h1")).toBe("Customer not found");
    // The one 404 is the detail file that does not exist.
    expect(errors.filter((e) => !e.includes("404"))).toEqual([]);
    await page.close();
  });

  test("writes one detail file per customer key", () => {
    expect(existsSync(join(dist, "_file", "data", "customers"))).toBe(true);
    expect(readdirSync(join(dist, "_file", "data", "customers")).length).toBeGreaterThan(250);
  });
  test("exports the key charts as SVG, PNG and Vega-Lite, and their marks match the data", async () => {
    for (const chart of KEY_CHARTS) {
      const svg = readFileSync(join(dist, "exports", `${chart}.svg`), "utf8");
      expect((svg.match(/role="graphics-symbol"/g) ?? []).length, chart).toBeGreaterThan(0);
      const png = readFileSync(join(dist, "exports", `${chart}.png`));
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      // PNGs are drawn at twice the SVG's size.
      expect(png.readUInt32BE(16)).toBe(2 * Number(/<svg[^>]*width="(\d+(?:\.\d+)?)"/.exec(svg)![1]));
    }
    const top = await query<{ member_name: string; value: number }>("select member_name, value::double as value from topn where period = 'T12M' and dimension = 'customer' and metric = 'revenue' and rank <= 10 order by rank");
    const spec = JSON.parse(readFileSync(join(dist, "exports", "topn.vl.json"), "utf8"));
    expect(spec.data.values.map((r: { member_name: string; value: number }) => [r.member_name, r.value])).toEqual(top.map((r) => [r.member_name, r.value]));
    const svg = readFileSync(join(dist, "exports", "topn.svg"), "utf8");
    expect((svg.match(/aria-roledescription="bar"/g) ?? []).length).toBe(top.length);
    const esc = (x: string) => x.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    for (const r of top) expect(svg).toContain(esc(r.member_name));
    const mix = JSON.parse(readFileSync(join(dist, "exports", "grade-mix.vl.json"), "utf8")).data.values as { x: string; value: number }[];
    // The shares come from the model, published to six decimals: they add up to 1 within that.
    for (const x of new Set(mix.map((r) => r.x))) expect(mix.filter((r) => r.x === x).reduce((s, r) => s + r.value, 0)).toBeCloseTo(1, 5);
  });

  test("offers every chart as SVG, PNG and a Vega-Lite spec with its data", async () => {
    const { page } = await open("index.html");
    const menu = page.locator("details.chart-menu").nth(2); // top customers
    await menu.locator("summary").click();
    const grab = async (label: string) => {
      const [d] = await Promise.all([page.waitForEvent("download"), menu.getByRole("button", { name: label, exact: true }).click()]);
      const path = join(root, d.suggestedFilename());
      await d.saveAs(path);
      return readFileSync(path);
    };
    expect((await grab("SVG image")).toString("utf8")).toMatch(/^<svg[\s\S]*aria-roledescription="bar"/);
    expect((await grab("PNG image")).subarray(1, 4).toString()).toBe("PNG");
    const spec = JSON.parse((await grab("Vega-Lite spec with data")).toString("utf8"));
    const [top] = await query<{ member_name: string }>("select member_name from topn where period = 'T12M' and dimension = 'customer' and metric = 'revenue' and rank = 1");
    expect(spec.$schema).toContain("vega-lite");
    expect(spec.data.values[0].member_name).toBe(top!.member_name);
    await page.close();
  });

  test("downloads a table as CSV and XLSX that read back to the rows and numbers shown", async () => {
    const { page } = await open("topn.html?period=T12M&dimension=customer&metric=revenue&n=10");
    // The site publishes numbers to six decimals (publish/page-files.ts compact()).
    const rows = compact(await query<{ rank: number; member_name: string; value: number; share_of_total: number }>(
      "select rank::int as rank, member_name, value::double as value, share_of_total::double as share_of_total from topn where period = 'T12M' and dimension = 'customer' and metric = 'revenue' and rank <= 10 order by rank"));
    const shown = await page.$$eval("table[data-name] tbody tr td:nth-child(2)", (tds) => tds.map((t) => t.textContent));
    expect(shown).toEqual(rows.map((r) => r.member_name));
    const [csvDl] = await Promise.all([page.waitForEvent("download"), page.click(".table-downloads [data-download=csv]")]);
    const csvPath = join(root, "topn.csv");
    await csvDl.saveAs(csvPath);
    const csv = readFileSync(csvPath, "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split("\r\n").map((l) => l.split(","));
    expect(lines[0]!.slice(0, 4)).toEqual(["Rank", "Customers", "Revenue", "Share of total"]);
    expect(lines.slice(1).map((c) => [Number(c[0]), c[1], Number(c[2]), Number(c[3])])).toEqual(rows.map((r) => [r.rank, r.member_name, r.value, r.share_of_total]));
    const [xlsxDl] = await Promise.all([page.waitForEvent("download"), page.click(".table-downloads [data-download=xlsx]")]);
    const xlsxPath = join(root, "topn.xlsx");
    await xlsxDl.saveAs(xlsxPath);
    const [sheet] = readWorkbook(xlsxPath);
    expect(sheet!.rows.slice(1).map(([, c]) => [Number(c[0]), c[1], Number(c[2]), Number(c[3])])).toEqual(rows.map((r) => [r.rank, r.member_name, r.value, r.share_of_total]));
    await page.close();
  });

  test("embeds a chart in a plain HTML page on another origin, from the snippet its menu offers", async () => {
    const { page } = await open("pareto.html?period=T12M&entity=product");
    const snippet = await page.$eval("details.chart-menu textarea", (t) => (t as HTMLTextAreaElement).value);
    expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\/pareto\.html\?period=T12M&entity=product" width="640" height="360"/);
    await page.close();
    const host = mkdtempSync(join(tmpdir(), "tb-embed-"));
    writeFileSync(join(host, "index.html"), `<!doctype html><html><body><h1>Our monthly report</h1>${snippet}</body></html>`);
    const other = await serveStatic(host);
    try {
      const p = await browser.newPage();
      const errors: string[] = [];
      p.on("pageerror", (e) => errors.push(e.message));
      await p.goto(other.url, { waitUntil: "networkidle" });
      const frame = p.frames().find((f) => f.url().includes("/embed/pareto.html"))!;
      await frame.waitForFunction(() => (document.querySelector("figure.chart") as HTMLElement | null)?.dataset.drawn === "true");
      expect(await frame.$("#observablehq-sidebar")).toBeNull();
      expect(await frame.textContent(".embed-caption")).toContain("Cumulative share of revenue");
      const box = await frame.$eval("figure.chart svg", (s) => s.getBoundingClientRect().height);
      expect(box).toBeGreaterThan(200);
      await p.screenshot({ path: join(shots, "embed.png") });
      expect(errors).toEqual([]);
      await p.close();
    } finally {
      await other.close();
    }
  });

  test("prints the monthly report to an A4 PDF", async () => {
    const pdf = join(root, "report.pdf");
    await printReport({ pdf, site: dist });
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    // A4 is 595 x 842 points.
    expect(bytes.toString("latin1")).toMatch(/\/MediaBox \[0 0 59[56]\.\d+ 84[12]\.\d+\]/);
  });

  test("refuses a report month that is not a month, or that the data does not have, and prints nothing", async () => {
    const pdf = join(root, "refused.pdf");
    await expect(printReport({ pdf, site: dist, month: "2026-13" })).rejects.toThrow(/--month expects a month as YYYY-MM/);
    await expect(printReport({ pdf, site: dist, month: "1999-01" })).rejects.toThrow(/--month 1999-01: 1999-01 is not a complete month of the data \(complete months: \d{4}-\d{2} to \d{4}-\d{2}\); nothing was printed/);
    expect(existsSync(pdf)).toBe(false);
  });
});
