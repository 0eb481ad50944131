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
import { hasChromium, launchBrowser } from "../lib/browser.ts";
import { all, openDb } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { serveStatic } from "../lib/static-server.ts";
import { generateSample } from "../sample/generate.ts";
import { readWorkbook } from "../loaders/xlsx.ts";

const root = mkdtempSync(join(tmpdir(), "tb-site-"));
const dist = join(root, "dist");
const warehouse = join(root, "warehouse.duckdb");
const shots = resolve(import.meta.dirname, "../test-results/screenshots");
// CI installs chromium; a developer without it sees these tests skipped, not passed.
const run = hasChromium() || process.env.CI ? describe : describe.skip;

const PAGES = ["index", "grades", "pareto", "topn", "growth", "receivables", "funnel", "customers", "explore", "models", "data-sources"];

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));

async function query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const db = await openDb(warehouse, { readOnly: true });
  try {
    return await all<T>(db.conn, sql);
  } finally {
    db.close();
  }
}

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
    await page.waitForFunction(() => Array.from(document.querySelectorAll("figure.chart")).every((f) => (f as HTMLElement).dataset.drawn === "true"));
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
    await page.waitForSelector("table.customers tbody tr");
    const grades = await page.$$eval("table.customers tbody tr td:nth-child(2)", (tds) => tds.map((t) => t.textContent!.trim()[0]));
    expect(grades.length).toBeGreaterThan(0);
    expect(new Set(grades)).toEqual(new Set(["A"]));
    // The sidebar links carry the period and grade on.
    expect(await page.getAttribute("#observablehq-sidebar a[href*='grades.html']", "href")).toContain("period=T12M");
    await page.close();
  });

  test("reproduces a view from its link: TopN by product and gross profit", async () => {
    const { page } = await open("topn.html?period=T12M&dimension=product&metric=gross_profit&n=10");
    await page.waitForSelector("table.data tbody tr");
    expect(await page.textContent("h1")).toBe("Top 10 products by gross profit, T12M");
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
    expect(await page.textContent(".kpi .big")).toBe(new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(seg!.revenue));
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
    expect(existsSync(join(dist, "data", "customers"))).toBe(true);
    expect(readdirSync(join(dist, "data", "customers")).length).toBeGreaterThan(250);
  });
});
