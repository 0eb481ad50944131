/**
 * Browser tests of the built site: build it from a small sample through the whole pipeline,
 * serve it on loopback, open every page in headless chromium, click through a drill-down, and
 * write a screenshot of each page to test-results/screenshots/ for review.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildAll, buildSite } from "../cli/site.ts";
import { chartTooltips, hasChromium, largestCustomerPage, launchBrowser, unreadableAnywhere, waitForCharts } from "../lib/browser.ts";
import { all, openDb, queryFile } from "../lib/duckdb.ts";
import { Progress, silent } from "../lib/progress.ts";
import { serveStatic } from "../lib/static-server.ts";
import { generateSample } from "../sample/generate.ts";
import { readWorkbook } from "../loaders/xlsx.ts";
import { printReport } from "../cli/report.ts";
import { lineFile, publishedColumn, writeDetailFiles } from "../publish/page-files.ts";
import { KEY_CHARTS } from "./components/charts.ts";

const root = mkdtempSync(join(tmpdir(), "tb-site-"));
const dist = join(root, "dist");
const warehouse = join(root, "warehouse.duckdb");
const shots = resolve(import.meta.dirname, "../test-results/screenshots");
// CI installs chromium; a developer without it sees these tests skipped, not passed.
const run = hasChromium() || process.env.CI ? describe : describe.skip;

const PAGES = ["index", "grades", "pareto", "topn", "growth", "receivables", "funnel", "targets", "strategy", "customers", "explore", "report", "models", "data-sources"];

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));

const query = <T = Record<string, unknown>>(sql: string) => queryFile<T>(warehouse, sql);
// Where a site keeps its customer detail files.
const customers = (site: string) => join(site, "_file", "data", "customers");

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

  /** Hovers the marks of a chart until one's tooltip matches, then clicks it: the bar a reader means. */
  async function clickMarkWithTooltip(page: Page, chart: number, wanted: RegExp): Promise<string> {
    const marks = page.locator("figure.chart").nth(chart).locator("g.mark-rect.role-mark > path, g.mark-symbol.role-mark > path");
    for (let i = 0; i < (await marks.count()); i++) {
      await marks.nth(i).scrollIntoViewIfNeeded();
      const box = await marks.nth(i).boundingBox();
      if (!box || box.width * box.height === 0) continue;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const text = await page.waitForFunction(() => (document.querySelector("#vg-tooltip-element.visible") as HTMLElement | null)?.innerText || false, undefined, { timeout: 2000 })
        .then((h) => h.jsonValue() as Promise<string>).catch(() => "");
      if (wanted.test(text)) {
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        return text;
      }
    }
    throw new Error(`no mark of chart ${chart} has a tooltip matching ${wanted}`);
  }

  /** What the Customers page says it lists: how many customers and their revenue in its period. */
  async function listed(page: Page): Promise<{ count: number; revenue: number }> {
    await page.waitForSelector("#customers-summary[data-count]");
    await page.waitForLoadState("networkidle");
    return page.$eval("#customers-summary", (p) => ({ count: Number((p as HTMLElement).dataset.count), revenue: Number((p as HTMLElement).dataset.revenue) }));
  }

  const expectSameAmount = (shown: number, model: number) => expect(Math.abs(shown - model), `${shown} against ${model}`).toBeLessThan(0.01);

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
    await page.waitForURL(/customers\.html\?.*grade=A/);
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
    expect(await page.textContent(".kpi .big")).toBe(new Intl.NumberFormat("en-US", { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", notation: "compact", maximumFractionDigits: 1, minimumFractionDigits: 0 }).format(seg!.revenue));
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

  test("writes one detail file per customer key, side by side in one folder", async () => {
    const files = readdirSync(customers(dist), { withFileTypes: true }).filter((e) => !e.name.startsWith("."));
    expect(files.length).toBeGreaterThan(250);
    expect(files.every((e) => e.isFile() && /^\d+\.json$/.test(e.name))).toBe(true);
    const [one] = await query<{ customer_id: string; file_key: string }>("select customer_id, file_key from page_customer_details order by customer_id limit 1");
    const lines = readFileSync(join(customers(dist), `${one!.file_key}.json`), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l).customer_id);
    expect(lines).toContain(one!.customer_id);
  });

  test("links the last site's customer files unread when their model is as it was, and compares each when it was rebuilt", async () => {
    const last = join(root, "last-site");
    cpSync(dist, last, { recursive: true });
    const key = readdirSync(customers(last)).find((f) => f.endsWith(".json"))!;
    const file = join(customers(last), key);
    // A file changed by hand in the last site shows which way the next build went.
    writeFileSync(file, readFileSync(file, "utf8").replace(/"customer_id"/, '"customer_ID"'));
    const count = readdirSync(customers(last)).filter((f) => f.endsWith(".json")).length;
    const same = await writeDetailFiles(join(root, "next-a"), warehouse, last);
    expect(same).toEqual({ written: 0, kept: count });
    expect(readFileSync(join(customers(join(root, "next-a")), key), "utf8")).toContain('"customer_ID"');
    // The model rebuilt (its state changed): every file is made again and compared, and the altered one replaced.
    const rebuilt = join(root, "rebuilt.duckdb");
    cpSync(warehouse, rebuilt);
    const db = await openDb(rebuilt);
    await db.conn.run("update tierboard_model_state set fingerprint = 'rebuilt' where model = 'page_customer_details'");
    db.close();
    expect(await writeDetailFiles(join(root, "next-b"), rebuilt, last)).toEqual({ written: 1, kept: count - 1 });
    expect(readFileSync(join(customers(join(root, "next-b")), key), "utf8")).not.toContain('"customer_ID"');
  });
  test("a customer file holds every line of its key in the order of their bytes, whatever order the model stores its rows in, and the same from a view", async () => {
    const filesOf = (site: string) => new Map(readdirSync(customers(site)).filter((f) => f.endsWith(".json")).map((f) => [f, readFileSync(join(customers(site), f), "utf8").trimEnd().split("\n")]));
    // The customers in seven files (keys collide seldom in the sample), the model's rows stored in the given order.
    const sharing = async (name: string, order: string, as: "table" | "view" = "table") => {
      const path = join(root, `${name}.duckdb`);
      cpSync(warehouse, path);
      const db = await openDb(path);
      const rows = `select customer_id, (hash(customer_id) % 7)::varchar as file_key, detail from page_customer_details order by ${order}`;
      // The model is a view: its rows are stored apart, then made the model again as a table or a view over them.
      await db.conn.run(`create table shared as ${rows}; drop view page_customer_details;
        ${as === "table" ? "alter table shared rename to page_customer_details" : "create view page_customer_details as select * from shared"}`);
      db.close();
      const out = join(root, `next-${name}`);
      expect(await writeDetailFiles(out, path)).toEqual({ written: 7, kept: 0 });
      return filesOf(out);
    };
    const [{ n }] = await query<{ n: number }>("select count(*)::int as n from page_customer_details");
    const byFile = await sharing("by-file", "file_key, customer_id");
    expect(byFile.size).toBe(7);
    expect([...byFile.values()].reduce((sum, lines) => sum + lines.length, 0)).toBe(n);
    // Each document starts with its customer id: in byte order, a file's lines are its customers in id order.
    for (const lines of byFile.values()) {
      const ids = lines.map((l) => JSON.parse(l).customer_id as string);
      expect(lines).toEqual(lines.toSorted());
      expect(ids).toEqual(ids.toSorted());
    }
    // Stored customer by customer, the newest id first (each file's rows apart), or as a view: the same files, byte for byte.
    expect(await sharing("apart", "customer_id desc")).toEqual(byFile);
    expect(await sharing("viewed", "customer_id desc", "view")).toEqual(byFile);
    // A dev server reads one file at a time (lineFile), from a view as from the built model: the same lines.
    for (const [file, lines] of byFile) expect((await lineFile(join(root, "viewed.duckdb"), file.replace(/\.json$/, ""))).trimEnd().split("\n"), file).toEqual(lines);
    const [one] = await query<{ file_key: string }>("select file_key from page_customer_details order by customer_id limit 1");
    expect(await lineFile(warehouse, one!.file_key)).toBe(readFileSync(join(customers(dist), `${one!.file_key}.json`), "utf8"));
    expect(await lineFile(warehouse, "no such key")).toBe("");
  });
  test("a document holding a line break stops the customer files with its key, and leaves no file of its reading behind", async () => {
    const path = join(root, "broken.duckdb");
    cpSync(warehouse, path);
    const db = await openDb(path);
    const [one] = await all<{ customer_id: string; file_key: string }>(db.conn, "select customer_id, file_key from page_customer_details order by customer_id limit 1");
    // The model as a view that breaks one customer's document over two lines.
    await db.conn.run(`create table parts as select * from page_customer_details; drop view page_customer_details;
      create view page_customer_details as select customer_id, file_key, case when customer_id = '${one!.customer_id}' then detail || chr(10) || '{}' else detail end as detail from parts`);
    db.close();
    const out = join(root, "next-broken");
    await expect(writeDetailFiles(out, path)).rejects.toThrow(new RegExp(`^page_customer_details: the row whose file_key is '${one!.file_key}' \\(its detail null or holding a line break`));
    expect(readdirSync(out).filter((f) => f.startsWith("."))).toEqual([]);
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

  test("offers every chart as SVG, PNG and a Vega-Lite spec with its data, titled with its period", async () => {
    const { page } = await open("index.html?period=2025");
    const menu = page.locator("details.chart-menu").nth(2); // top customers
    await menu.locator("summary").click();
    const grab = async (label: string) => {
      const [d] = await Promise.all([page.waitForEvent("download"), menu.getByRole("button", { name: label, exact: true }).click()]);
      const path = join(root, d.suggestedFilename());
      await d.saveAs(path);
      return readFileSync(path);
    };
    // A downloaded image travels without the page: it says what it shows and for when.
    const svg = (await grab("SVG image")).toString("utf8");
    expect(svg).toMatch(/^<svg[\s\S]*aria-roledescription="bar"/);
    expect(svg).toContain("Top customers, 2025");
    expect((await grab("PNG image")).subarray(1, 4).toString()).toBe("PNG");
    const spec = JSON.parse((await grab("Vega-Lite spec with data")).toString("utf8"));
    const [top] = await query<{ member_name: string }>("select member_name from page_overview_top_customers where period = '2025' and dimension = 'none' order by rank limit 1");
    expect(spec.$schema).toContain("vega-lite");
    expect(spec.title.text).toBe("Top customers, 2025");
    expect(spec.data.values[0].member_name).toBe(top!.member_name);
    await page.close();
  });

  test("downloads a table as CSV and XLSX that read back to the rows and numbers shown", async () => {
    const { page } = await open("topn.html?period=T12M&dimension=customer&metric=revenue&n=10");
    // The site publishes numbers to six decimals (publish/page-files.ts publishedColumn()).
    const rows = await query<{ rank: number; member_name: string; value: number; share_of_total: number }>(
      `select rank::int as rank, member_name, ${publishedColumn("value", "DOUBLE")}, ${publishedColumn("share_of_total", "DOUBLE")} from topn where period = 'T12M' and dimension = 'customer' and metric = 'revenue' and rank <= 10 order by rank`);
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
  test("a grade's bar on Grades opens the Customers list with that grade's count and revenue in that period (grade B, 2024)", async () => {
    const [want] = await query<{ customers: number; revenue: number }>("select customers::int as customers, revenue::double as revenue from page_grades_distribution where period = '2024' and dimension = 'none' and final = 'B'");
    const { page } = await open("grades.html?period=2024");
    await clickMarkWithTooltip(page, 0, /Grade\s+B\s+Customers \(Share\)/);
    await page.waitForURL(/customers\.html/);
    const url = new URL(page.url());
    expect([url.searchParams.get("period"), url.searchParams.get("grade")]).toEqual(["2024", "B"]);
    const got = await listed(page);
    expect(got.count).toBe(want!.customers);
    expectSameAmount(got.revenue, want!.revenue);
    // Prospects are not mixed in: every row is a graded B.
    const grades = await page.$$eval("table[data-name='customers'] tbody tr td:nth-child(3)", (tds) => tds.map((t) => t.textContent!.trim()));
    expect(new Set(grades)).toEqual(new Set(["B"]));
    await page.close();
  });

  test("opportunity stages read as the funnel names them on the Grades prospects and a prospect's page, as the model has them", async () => {
    const names: Record<string, string> = { lead: "Lead", qualified: "Qualified", proposal: "Proposal", negotiation: "Negotiation", won: "Won", lost: "Lost" };
    const want = await query<{ customer_id: string; furthest_stage: string }>("select customer_id, furthest_stage from page_grades_top_prospects order by score desc, customer_id");
    const { page } = await open("grades.html");
    const shown = await page.$$eval("table[data-name='prospects'] tbody tr td:last-child", (tds) => tds.map((t) => t.textContent!.trim()));
    expect(shown.slice(0, 10)).toEqual(want.slice(0, 10).map((r) => names[r.furthest_stage]));
    await page.close();
    const prospect = await open(`customer.html?id=${encodeURIComponent(want[0]!.customer_id)}`);
    await prospect.page.waitForSelector("table[data-name$='-opportunities'] tbody tr");
    const stages = await prospect.page.$$eval("table[data-name$='-opportunities'] tbody tr td:nth-child(2)", (tds) => tds.map((t) => t.textContent!.trim()));
    expect(stages.length).toBeGreaterThan(0);
    for (const s of stages) expect(Object.values(names)).toContain(s);
    await prospect.page.close();
  });

  test("the grade links in the Grades table and a grade-migration cell open exactly those customers", async () => {
    const { page } = await open("grades.html?period=2025");
    const [b] = await query<{ customers: number }>("select customers::int as customers from page_grades_distribution where period = '2025' and dimension = 'none' and final = 'B'");
    const href = await page.getAttribute("table[data-name='grades'] a:text-is('B')", "href");
    expect(new URLSearchParams(href!.split("?")[1]).get("grade")).toBe("B");
    expect(new URLSearchParams(href!.split("?")[1]).get("period")).toBe("2025");
    await page.close();
    const list = await open(href!);
    expect((await listed(list.page)).count).toBe(b!.customers);
    await list.page.close();

    const grades = await open("grades.html?period=T12M");
    // The migration matrix is the third chart; click a cell of customers that stayed or moved.
    await clickMarkWithTooltip(grades.page, 2, /Customers\s+[1-9]/);
    await grades.page.waitForURL(/customers\.html/);
    const params = new URL(grades.page.url()).searchParams;
    const [from, to] = params.get("move")!.split(">");
    const [cell] = await query<{ customers: number; to_revenue: number }>(`select customer_count::int as customers, to_revenue::double as to_revenue from page_grades_migration
      where from_period = 'T12M-1' and to_period = 'T12M' and from_grade = '${from}' and to_grade = '${to}'`);
    expect(params.get("period")).toBe("T12M");
    const got = await listed(grades.page);
    expect(got.count).toBe(cell!.customers);
    expectSameAmount(got.revenue, cell!.to_revenue);
    await grades.page.close();
  });

  test("an ABC band on Pareto opens its customers: the band's count and value", async () => {
    const [want] = await query<{ n: number; v: number; gn: number }>("select b_count::int as n, b_value::double as v from page_pareto_summary where period = '2024' and entity = 'customer' and measure = 'revenue'");
    const { page } = await open("pareto.html?period=2024&entity=customer&measure=revenue&department=D01");
    await page.click("table.data a:text-is('B')");
    await page.waitForURL(/customers\.html/);
    const params = new URL(page.url()).searchParams;
    expect([params.get("period"), params.get("abc"), params.get("department") || null]).toEqual(["2024", "B", null]);
    const got = await listed(page);
    expect(got.count).toBe(want!.n);
    expectSameAmount(got.revenue, want!.v);
    await page.close();
  });

  test("a TopN bar opens what it ranks in that period: a salesperson's customers, a customer's page", async () => {
    const [person] = await query<{ member_id: string; member_name: string; value: number }>("select member_id, member_name, value::double as value from page_topn where period = '2025' and dimension = 'salesperson' and metric = 'revenue' and rank = 1");
    const { page } = await open("topn.html?period=2025&dimension=salesperson&metric=revenue");
    await clickMarkWithTooltip(page, 0, new RegExp(`^Name\\s+${person!.member_name}\\s`));
    await page.waitForURL(/customers\.html/);
    const params = new URL(page.url()).searchParams;
    expect([params.get("period"), params.get("salesperson")]).toEqual(["2025", person!.member_id]);
    expectSameAmount((await listed(page)).revenue, person!.value);
    await page.close();

    const [customer] = await query<{ member_id: string; member_name: string; value: number }>("select member_id, member_name, value::double as value from page_topn where period = '2024' and dimension = 'customer' and metric = 'revenue' and rank = 1");
    const top = await open("topn.html?period=2024&dimension=customer&metric=revenue");
    await clickMarkWithTooltip(top.page, 0, new RegExp(`^Name\\s+${customer!.member_name}\\s`));
    await top.page.waitForURL(/customer\.html/);
    await top.page.waitForSelector(".kpi .big");
    expect(new URL(top.page.url()).searchParams.get("period")).toBe("2024");
    const revenueCard = top.page.locator(".kpi", { hasText: "Revenue, 2024" }).locator(".big");
    expect(await revenueCard.textContent()).toBe(new Intl.NumberFormat("en-US", { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", notation: "compact", maximumFractionDigits: 1, minimumFractionDigits: 0 }).format(customer!.value));
    await top.page.close();
  });

  test("the monthly report opens on the latest complete month, its figures are the model's, and its picker changes the month", async () => {
    const [latest] = await query<{ month: string; revenue: number }>(`select period_start::varchar as month, value::double as revenue from page_growth
      where grain = 'month' and breakdown = 'none' and metric = 'revenue' and not is_partial order by period_start desc limit 1`);
    const { page, errors } = await open("report.html");
    expect(await page.evaluate(() => document.body.dataset.reportMonth)).toBe(latest!.month);
    const fmt = new Intl.NumberFormat("en-US", { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", notation: "compact", maximumFractionDigits: 1, minimumFractionDigits: 0 });
    expect(await page.textContent("table.kpis tbody tr:first-child td:nth-child(2)")).toBe(fmt.format(latest!.revenue));
    // MoM and YoY are figures, not "n/a", for a month with a month and a year before it.
    expect(await page.textContent("table.kpis tbody tr:first-child td:nth-child(3)")).toMatch(/^[+-−]?\d/);
    const [earlier] = await query<{ month: string }>(`select left(period_start::varchar, 7) as month from page_growth where grain = 'month' and breakdown = 'none' and metric = 'revenue' and not is_partial order by period_start desc limit 1 offset 3`);
    await page.selectOption("select[name=month]", earlier!.month);
    await page.waitForFunction((m) => new URL(location.href).searchParams.get("month") === m, earlier!.month);
    await page.waitForFunction((m) => document.querySelector("h1")!.textContent!.includes(m), new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${earlier!.month}-01T00:00:00Z`)));
    expect(errors).toEqual([]);
    await page.close();
  });

  test.each(["index", "grades", "pareto", "topn", "growth", "receivables", "funnel", "targets", "strategy", "customer.html?id=", "models"])(
    "every chart on %s shows a readable tooltip: no NaN, undefined, null or raw field names, amounts formatted",
    async (name) => {
      const path = name.startsWith("customer.html") ? await largestCustomerPage(warehouse) : `${name}.html`;
      const { page } = await open(path);
      const tips = await chartTooltips(page);
      expect(tips.length).toBeGreaterThan(0);
      for (const [i, text] of tips.entries()) {
        expect(text, `chart ${i} of ${path} showed no tooltip`).not.toBe("");
        expect(text).not.toMatch(/NaN|undefined|\bnull\b|\btrue\b|\bfalse\b/);
        // Field names as the data has them: snake_case or the spec's x/group/value.
        expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b|^(x|group|value)\b/m);
        // Amounts in K/M/B with the currency, never 19,409,347.72.
        expect(text).not.toMatch(/\d{1,3}(,\d{3}){2,}(\.\d+)?/);
      }
      await page.close();
    },
  );

  test("the Customers list sorts, pages, says when nothing matches, and downloads the whole filtered list", async () => {
    const [all] = await query<{ n: number }>("select count(*)::int as n from page_customers");
    const { page } = await open("customers.html?kind=");
    expect((await listed(page)).count).toBe(all!.n);
    expect(await page.locator("table[data-name='customers'] tbody tr").count()).toBe(Math.min(100, all!.n));
    expect(await page.textContent(".pager")).toContain(`Rows 1–100 of ${all!.n}`);
    await page.click(".pager button:text-is('Next page')");
    expect(await page.textContent(".pager")).toContain(`Rows 101–${Math.min(200, all!.n)} of ${all!.n}`);
    // Sort by revenue: high to low, then low to high; blanks stay last.
    const revenues = async () => (await page.$$eval("table[data-name='customers'] tbody tr td:nth-child(5)", (tds) => tds.map((t) => t.textContent!.trim())));
    await page.click("table[data-name='customers'] th button[data-key=revenue]");
    expect(new URL(page.url()).searchParams.get("sort")).toBe("revenue:desc");
    expect(await page.getAttribute("table[data-name='customers'] th:has(button[data-key=revenue])", "aria-sort")).toBe("descending");
    const [top] = await query<{ revenue: number }>("select max(revenue)::double as revenue from page_customers");
    expect((await revenues())[0]).toBe(new Intl.NumberFormat("en-US", { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", notation: "compact", maximumFractionDigits: 1, minimumFractionDigits: 0 }).format(top!.revenue));
    await page.click("table[data-name='customers'] th button[data-key=name]");
    const names = await page.$$eval("table[data-name='customers'] tbody tr td:first-child", (tds) => tds.map((t) => t.textContent!.trim()));
    expect(names).toEqual([...names].sort(new Intl.Collator(undefined, { numeric: true }).compare));
    // The whole filtered list downloads, not the page on screen.
    const [want] = await query<{ n: number }>("select count(*)::int as n from page_customers where kind = 'mature' and grade = 'C'");
    await page.goto(`${server.url}/customers.html?grade=C`, { waitUntil: "networkidle" });
    expect((await listed(page)).count).toBe(want!.n);
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click(".table-downloads [data-download=csv]")]);
    const csvPath = join(root, "customers-c.csv");
    await dl.saveAs(csvPath);
    expect(readFileSync(csvPath, "utf8").trim().split("\r\n").length - 1).toBe(want!.n);
    // A search with no match says so instead of showing bare headings.
    await page.goto(`${server.url}/customers.html?q=no-such-customer-anywhere`, { waitUntil: "networkidle" });
    await page.waitForSelector(".table-wrap .empty");
    expect(await page.textContent(".table-wrap .empty")).toBe("No customer matches “no-such-customer-anywhere” with these filters.");
    expect(await page.locator("table[data-name='customers']").count()).toBe(0);
    await page.close();
  });

  test("Explore keeps the site's segment, totals its table and opens the customers behind a row", async () => {
    const [dept] = await query<{ id: string; n: number }>("select department_id as id, count(*)::int as n from page_customers where department_id is not null group by 1 order by 1 limit 1");
    const { page } = await open(`explore.html?x=industry&department=${dept!.id}`);
    await page.waitForSelector("table[data-name^='explore'] tbody tr");
    expect(await page.textContent("#observablehq-main")).toContain("Showing department");
    const total = await page.$eval("table[data-name^='explore'] tbody tr:last-child", (tr) => Array.from(tr.querySelectorAll("td")).map((t) => t.textContent!.trim()));
    expect(total[0]).toBe("Total");
    expect(Number(total[1]!.replace(/,/g, ""))).toBe(dept!.n);
    const link = page.locator("table[data-name^='explore'] tbody tr:first-child a");
    const rowCount = Number((await link.textContent())!.replace(/,/g, ""));
    await link.click();
    await page.waitForURL(/customers\.html/);
    expect(new URL(page.url()).searchParams.get("department")).toBe(dept!.id);
    expect((await listed(page)).count).toBe(rowCount);
    await page.close();
  });

  test("the customer page names the owner, goes back to the list with its filters, and follows the period", async () => {
    const [c] = await query<{ id: string; owner: string }>(`select customers.id, customers.owner from page_customers as customers
      inner join customer_grades as grades on grades.customer_id = customers.id and grades.period = 'T12M' where customers.kind = 'mature' and customers.grade = 'A' order by grades.revenue desc limit 1`);
    const { page } = await open(`customers.html?grade=A&q=${encodeURIComponent(c!.id)}`);
    await page.click(`table[data-name='customers'] a[href*='id=${encodeURIComponent(c!.id)}']`);
    await page.waitForURL(/customer\.html/);
    await page.waitForSelector(".lede");
    expect(await page.textContent(".lede")).toContain(`owner ${c!.owner}`);
    await page.click("p.back a");
    await page.waitForURL(/customers\.html/);
    expect(new URL(page.url()).searchParams.get("grade")).toBe("A");
    expect(new URL(page.url()).searchParams.get("q")).toBe(c!.id);
    await page.close();
  });
  test("a class on the strategy page lists exactly its customers, and the customer page says why", async () => {
    const classes = await query<{ class: string; customers: number }>("select class, customers::int as customers from page_strategy_classes where classing = 'action' order by customers desc");
    const { page, errors } = await open("strategy.html");
    for (const c of classes.slice(0, 2)) {
      await page.click(`.class-cards [data-class='${c.class}']`);
      await page.waitForFunction((cls) => new URL(location.href).searchParams.get("class") === cls, c.class);
      await page.waitForSelector("table[data-name^='action-list']");
      expect(Number(await page.getAttribute("table[data-name^='action-list']", "data-rows"))).toBe(c.customers);
    }
    const [one] = await query<{ id: string; action_class: string }>("select id, action_class from page_strategy_actions where kind = 'mature' order by class_order, class_rank limit 1");
    await page.goto(`${server.url}/customer.html?id=${encodeURIComponent(one!.id)}`, { waitUntil: "networkidle" });
    await page.waitForSelector(".card h2");
    const text = await page.textContent("#observablehq-main");
    expect(text).toContain("Customer strategy, ");
    expect(text).toContain("Why: ");
    expect(text).toContain("Lifetime value");
    expect(errors).toEqual([]);
    await page.close();
  });
  test("Growth draws a breakdown's largest members and the others as the model ranks them, and drops the member picker without a breakdown", async () => {
    const model = await query<{ member_name: string; is_others: boolean; value: number }>(`select member_name, is_others, value::double as value from page_growth
      where grain = 'month' and breakdown = 'salesperson' and metric = 'revenue' and member_rank is not null
        and period_start = (select max(period_start) from page_growth where grain = 'month') order by member_rank`);
    expect(model.length).toBeGreaterThan(2);
    expect(model.at(-1)!.is_others).toBe(true);
    const { page, errors } = await open("growth.html?metric=revenue&grain=month&breakdown=salesperson");
    const chart = page.locator("figure.chart").first();
    // The legend lists the lines in the model's order, the rest together as "Others".
    expect(await chart.locator("g.role-legend-label text").allTextContents()).toEqual(model.map((r) => (r.is_others ? "Others" : r.member_name)));
    // The chart's data table holds the same figures: the last month of each line.
    await chart.locator("details.chart-data > summary").click();
    // The table's rows are drawn when the disclosure opens, on its toggle event, a task after the click.
    await chart.locator("details.chart-data tbody tr").first().waitFor();
    const rows = await chart.locator("details.chart-data tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent)));
    const { formatAmount } = await import("./components/format.ts");
    for (const r of model) expect(rows.some((cells) => cells[1] === (r.is_others ? "Others" : r.member_name) && cells[2] === formatAmount(r.value))).toBe(true);
    // The picked member (the first by default) has its own trend and table, named.
    expect(await page.locator("select[name=member]").inputValue()).not.toBe("");
    expect(await page.locator("h2").nth(1).textContent()).toContain(model[0]!.member_name);
    // Back to no breakdown: the picker goes, and so does its param.
    await page.selectOption("select[name=breakdown]", "none");
    await page.waitForFunction(() => !document.querySelector("select[name=member]"));
    expect(new URL(page.url()).searchParams.has("member")).toBe(false);
    expect(await page.locator("figure.chart").count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("says it is loading while a file a choice asked for is on its way, then shows the new figures", async () => {
    const { page } = await open("growth.html?metric=revenue&grain=month&breakdown=none");
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(/growth\/quarter-region\.[^/]*json/, async (route) => {
      await held;
      await route.continue();
    });
    await page.selectOption("select[name=grain]", "quarter");
    await page.selectOption("select[name=breakdown]", "region");
    await page.waitForFunction(() => document.querySelector(".loading-status")?.textContent === "Loading…");
    expect(await page.getAttribute("#observablehq-main", "aria-busy")).toBe("true");
    expect(await page.locator(".loading-status").getAttribute("role")).toBe("status");
    release();
    await page.waitForFunction(() => !document.querySelector("#observablehq-main")!.hasAttribute("aria-busy"));
    await waitForCharts(page);
    expect(await page.textContent(".loading-status")).toBe("");
    expect(await page.locator("select[name=member]").count()).toBe(1);
    await page.close();
  });

  test("a keyboard alone walks from the Overview to a customer's page", async () => {
    const [top] = await query<{ id: string; name: string }>("select member_id as id, member_name as name from page_overview_top_customers where period = 'T12M' and dimension = 'none' order by rank limit 1");
    const { page } = await open("index.html");
    // Tab until the top-customers chart's data table (the chart's text alternative) has the focus.
    const focusIs = (selector: string) => page.evaluate((sel) => !!document.activeElement?.matches(sel), selector);
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 200 && !(await focusIs(selector)); i++) await page.keyboard.press("Tab");
      expect(await focusIs(selector), selector).toBe(true);
    };
    await page.locator(".card", { has: page.locator("h2", { hasText: "Top customers" }) }).locator("figure.chart").evaluate((f) => f.setAttribute("data-walk", "top"));
    await tabTo("figure[data-walk=top] details.chart-data > summary");
    await page.keyboard.press("Enter");
    await tabTo("figure[data-walk=top] details.chart-data tbody tr:first-child button");
    expect(await page.evaluate(() => document.activeElement!.outerHTML)).toContain(`>${top!.name}<`);
    await page.keyboard.press("Enter");
    await page.waitForURL(/customer\.html/);
    expect(new URL(page.url()).searchParams.get("id")).toBe(top!.id);
    await page.waitForFunction((name) => document.querySelector("h1")?.textContent === name, top!.name);
    await page.close();
  });

  test("a chart drills down by keyboard from its data table, the text alternative of the chart", async () => {
    const [want] = await query<{ customers: number }>("select customers::int as customers from page_grades_distribution where period = 'T12M' and dimension = 'none' and final = 'B'");
    const { page } = await open("grades.html?period=T12M");
    // The grade-mix chart: focusable, named, with its data as a table under a disclosure.
    const figure = page.locator("figure.chart").first();
    expect(await figure.getAttribute("tabindex")).toBe("0");
    await figure.locator("details.chart-data > summary").focus();
    await page.keyboard.press("Enter");
    // The first row of grade B is its customers' bar (the data lists customers, then revenue).
    const button = figure.locator("details.chart-data tbody tr button", { hasText: /^B$/ }).first();
    await button.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/customers\.html/);
    expect(new URL(page.url()).searchParams.get("grade")).toBe("B");
    expect((await listed(page)).count).toBe(want!.customers);
    await page.close();
  });

  test("follows the reader's dark mode, charts included", async () => {
    const textFill = async (scheme: "dark" | "light") => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
      await page.goto(`${server.url}/index.html`, { waitUntil: "networkidle" });
      await waitForCharts(page);
      const colours = await page.evaluate(() => ({
        page: getComputedStyle(document.querySelector(".card")!).color,
        chart: getComputedStyle(document.querySelector("figure.chart svg g.role-axis-label text")!).fill,
      }));
      if (scheme === "dark") await page.screenshot({ path: join(shots, "index-dark.png") });
      await page.close();
      return colours;
    };
    const lum = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
    const [dark, light] = [await textFill("dark"), await textFill("light")];
    expect(lum(dark.page)).toBeGreaterThan(150);
    expect(lum(dark.chart)).toBeGreaterThan(150);
    expect(lum(light.page)).toBeLessThan(100);
    expect(lum(light.chart)).toBeLessThan(100);
  });
  test.each(PAGES.concat("customer"))("%s reads at 1440 px and on a 390 px phone, light and dark: labels apart, text legible, charts drawn, no empty card space", async (name) => {
    const path = name === "customer" ? await largestCustomerPage(warehouse) : `${name}.html`;
    expect(await unreadableAnywhere(browser, `${server.url}/${path}`, shots, name)).toEqual([]);
  });

  test.each([...KEY_CHARTS])("the %s embed fits its frame at 640 x 360 and 800 x 500, nothing outside it, and names its period", async (chart) => {
    for (const [width, height] of [[640, 360], [800, 500]] as const) {
      const page = await browser.newPage({ viewport: { width, height } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}/embed/${chart}.html?period=2025`, { waitUntil: "networkidle" });
      await waitForCharts(page);
      // Every drawn element, the chart's labels and legend included, lies inside the frame.
      const outside = await page.evaluate(([w, h]) => Array.from(document.querySelectorAll("body *"))
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && r.height > 0 && (r.left < -1 || r.top < -1 || r.right > w! + 1 || r.bottom > h! + 1))
        .map(({ el, r }) => `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""} "${(el.textContent ?? "").slice(0, 20)}" ${Math.round(r.right)}x${Math.round(r.bottom)}`), [width, height]);
      expect(outside, `${chart} at ${width} x ${height}`).toEqual([]);
      expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([width, height]);
      const box = await page.$eval("figure.chart svg", (svg) => svg.getBoundingClientRect().toJSON());
      expect(box.height).toBeGreaterThan(100);
      if (["grade-mix", "pareto", "topn"].includes(chart)) expect(await page.textContent(".embed-caption")).toContain("2025");
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(shots, `embed-${chart}-${width}.png`) });
      await page.close();
    }
  });

  test("a build into another folder starts from the pages and chart exports of the site built last, without Framework, and makes the same site", async () => {
    const said: string[] = [];
    const other = join(root, "dist-other");
    await buildSite({ warehouse, out: other, progress: new Progress(new Writable({ write: (chunk, _e, done) => (said.push(String(chunk)), done()) })) });
    const log = said.join("");
    expect(log).toContain(`Pages as in the site built last, ${dist} (same sources and settings)`);
    expect(log).toContain(`Chart exports as in ${dist} (same data and settings): copied`);
    expect(log).not.toContain("Building the pages");
    const list = (site: string) => files(site).map((f) => relative(site, f)).sort();
    expect(list(other)).toEqual(list(dist));
    expect(list(dist).filter((f) => !readFileSync(join(other, f)).equals(readFileSync(join(dist, f))))).toEqual([]);
  });
});
