/**
 * The site in Chinese: build it with --locale zh-CN and check that the pages, their charts and
 * the PDF report speak Chinese throughout, with amounts in 万/亿, and read as well as the English
 * pages (labels apart, legible text, at 1440 and 390 px, light and dark). Screenshots of every page
 * go to test-results/screenshots/ (the English ones come from site.test.ts).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { buildAll } from "../cli/site.ts";
import { printReport } from "../cli/report.ts";
import { chartTooltips, hasChromium, largestCustomerPage, launchBrowser, unreadableAnywhere, waitForCharts } from "../lib/browser.ts";
import { queryFile } from "../lib/duckdb.ts";
import { silent } from "../lib/progress.ts";
import { serveStatic } from "../lib/static-server.ts";
import { generateSample } from "../sample/generate.ts";
import { ACTION_CLASSES } from "./components/strategy.ts";

const root = mkdtempSync(join(tmpdir(), "tb-zh-"));
const dist = join(root, "dist");
const shots = resolve(import.meta.dirname, "../test-results/screenshots");
const run = hasChromium() || process.env.CI ? describe : describe.skip;
/** A page's address; the customer page shows the largest customer. */
const pagePath = async (name: string) => (name === "customer" ? largestCustomerPage(join(root, "warehouse.duckdb")) : `${name}.html`);

/** Latin words a Chinese page may keep: names of things, codes, units. */
const ALLOWED = new Set(["Tierboard", "TopN", "ABC", "MVC", "MGC", "BZC", "DSO", "CSV", "Excel", "SVG", "PNG", "Vega", "Lite", "CRM", "ERP", "A", "B", "C", "D", "SQL", "Top"]);

run("the Chinese site", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  beforeAll(async () => {
    await generateSample({ out: join(root, "exports"), customers: 300, orderLines: 5000, progress: silent });
    process.env.TIERBOARD_TARGET = join(root, "target");
    expect(await buildAll({ warehouse: join(root, "warehouse.duckdb"), sources: [join(root, "exports")], out: dist, progress: silent, locale: "zh-CN" })).toBe(0);
    server = await serveStatic(dist);
    browser = await launchBrowser();
    mkdirSync(shots, { recursive: true });
  }, 600_000);
  afterAll(async () => {
    delete process.env.TIERBOARD_TARGET;
    await browser?.close();
    await server?.close();
  });

  test.each(["index", "grades", "pareto", "topn", "growth", "receivables", "funnel", "targets", "strategy", "customers", "customer", "explore", "report", "data-sources"])(
    "%s is in Chinese throughout: text, controls and chart labels",
    async (name) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}/${await pagePath(name)}`, { waitUntil: "networkidle" });
      await page.waitForSelector("h1");
      await waitForCharts(page);
      const text = await page.evaluate(() => {
        // What a reader sees: page text, chart text, control labels and options; not codes or file names.
        const skip = "code, pre, .chart-menu textarea, td:has(code), td.raw";
        const parts = [document.title, document.body.innerText, ...Array.from(document.querySelectorAll("svg text")).map((t) => t.textContent ?? ""),
          ...Array.from(document.querySelectorAll("option, optgroup")).map((o) => (o as HTMLOptionElement).label)];
        for (const el of Array.from(document.querySelectorAll(skip))) parts.push(`-${(el as HTMLElement).innerText}`);
        return parts.join("\n");
      });
      const skipped = new Set(text.split("\n").filter((l) => l.startsWith("-")).join(" ").split(/\W+/));
      // Words of three or more Latin letters, minus allowed ones, ids (C0012, SO2024…), file names and units.
      const words = [...text.matchAll(/(?<![\w.@/-])[A-Za-z][A-Za-z]{2,}(?![\w.@/-])/g)].map((m) => m[0]).filter((w) => !ALLOWED.has(w) && !skipped.has(w));
      expect([...new Set(words)]).toEqual([]);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      // Chinese punctuation: a label's colon is full width ("区域：华东", not "区域: 华东").
      expect(text.split("\n").filter((l) => /[\u4e00-\u9fff）]: /.test(l))).toEqual([]);
      if (name === "index") {
        expect(await page.textContent("h1")).toBe("概览");
        expect(await page.textContent(".kpi .big")).toMatch(/^¥[\d.]+(万|亿)$/);
        await page.screenshot({ path: join(shots, "index-zh-CN.png"), fullPage: true });
      }
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  test.each(["index", "grades", "pareto", "topn", "growth", "receivables", "funnel", "targets", "strategy", "customers", "customer", "explore", "report", "models", "data-sources"])(
    "%s in Chinese reads at 1440 px and on a 390 px phone, light and dark: labels apart, text legible, charts drawn, no empty card space",
    async (name) => {
      expect(await unreadableAnywhere(browser, `${server.url}/${await pagePath(name)}`, shots, `${name}-zh-CN`)).toEqual([]);
    },
  );

  test("a page narrowed to a department or a class names it after a full-width colon in its heading", async () => {
    const [dept] = await queryFile<{ id: string }>(join(root, "warehouse.duckdb"), "select department_id as id from stg_departments order by department_id limit 1");
    const scoped = [["index", `department=${dept!.id}`], ["grades", `department=${dept!.id}`], ["receivables", `department=${dept!.id}`], ["strategy", `class=${ACTION_CLASSES[0]![0]}`]];
    for (const [name, search] of scoped) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${server.url}/${name}.html?${search}`, { waitUntil: "networkidle" });
      await page.waitForSelector("h1");
      const headings = await page.$$eval("h1, h2", (hs) => hs.map((h) => (h as HTMLElement).innerText));
      expect(headings.filter((h) => /[\u4e00-\u9fff）]: /.test(h)), name).toEqual([]);
      expect(headings.some((h) => h.includes("：")), `${name}: ${headings.join(" | ")}`).toBe(true);
      await page.close();
    }
  });

  test.each(["index", "grades", "targets", "strategy"])("every chart's tooltip on %s is in Chinese, with amounts in 万/亿", async (name) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/${name}.html`, { waitUntil: "networkidle" });
    await waitForCharts(page);
    const tips = await chartTooltips(page);
    expect(tips.length).toBeGreaterThan(0);
    for (const text of tips) {
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect(text).not.toMatch(/NaN|undefined|\bnull\b|\b[a-z]+_[a-z_]+\b/);
      // Titles are Chinese: no English word of three letters or more.
      expect(text.match(/(?<![\w.@/-])[A-Za-z]{3,}(?![\w.@/-])/g)?.filter((w) => !ALLOWED.has(w)) ?? []).toEqual([]);
      for (const amount of text.match(/¥[\d.,]+\S*/g) ?? []) expect(amount).toMatch(/^¥(\d{1,4}(\.\d+)?|[\d.]+(万|亿))$/);
    }
    await page.close();
  });

  test("the Models page describes the chosen model and its columns in Chinese, from the schema YAML's description_zh", async () => {
    const manifest = JSON.parse(readFileSync(join(root, "target", "manifest.json"), "utf8"));
    const node = (name: string) => manifest.nodes.find((n: { name: string }) => n.name === name);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/models.html?model=pareto`, { waitUntil: "networkidle" });
    const pareto = node("pareto");
    expect(pareto.description_zh).toMatch(/帕累托曲线/);
    const shown = async () => page.evaluate(() => {
      const card = Array.from(document.querySelectorAll(".card")).find((c) => c.querySelector("h2 .muted"))!;
      return { description: card.querySelector("h2 + p")!.textContent, columns: Array.from(card.querySelector("h3 + table")!.querySelectorAll("tr")).map((r) => Array.from(r.querySelectorAll("td")).map((d) => d.textContent)) };
    });
    const { description, columns } = await shown();
    expect(description).toBe(pareto.description_zh);
    expect(columns).toEqual(pareto.columns.map((c: { name: string; description_zh?: string }) => [c.name, c.description_zh ?? ""]));
    expect(columns.length).toBeGreaterThan(3);
    // Another model picked: its own Chinese.
    await page.selectOption("select[name=model]", "customer_grades");
    await page.waitForFunction((d) => document.body.innerText.includes(d), node("customer_grades").description_zh);
    expect((await shown()).columns).toContainEqual(["revenue", "期间内的净销售额。"]);
    await page.close();
  });

  test("every page's tab title is in Chinese before its data arrives", async () => {
    const page = await browser.newPage();
    // The page files never come: what the tab says while a large page's data loads.
    await page.route(/\/_file\/data\//, () => undefined);
    // Every page under src/ but the customer's, whose title names the customer and so waits for its data.
    const pages = readdirSync(import.meta.dirname).filter((f) => f.endsWith(".md") && f !== "customer.md").map((f) => f.slice(0, -3));
    expect(pages.length, "pages under src/").toBeGreaterThanOrEqual(14);
    for (const name of pages) {
      await page.goto(`${server.url}/${name}.html`, { waitUntil: "domcontentloaded" });
      await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.title), undefined, { timeout: 10_000 }).catch(() => undefined);
      expect(await page.title(), name).toMatch(/[\u4e00-\u9fff].* \| Tierboard$/);
    }
    await page.close();
  });

  test("the sidebar and the exported charts are in Chinese", () => {
    const html = readFileSync(join(dist, "index.html"), "utf8");
    for (const name of ["概览", "客户分级", "二八分析", "同比环比", "应收账款", "销售漏斗", "月度报告"]) expect(html).toContain(name);
    expect(readFileSync(join(dist, "exports", "overview-trend.svg"), "utf8")).toContain("去年同期");
    expect(readFileSync(join(dist, "exports", "topn.svg"), "utf8")).toMatch(/\d+万/);
  });

  test("the PDF report is in Chinese, with a CJK font embedded", async () => {
    const pdf = join(root, "报告.pdf");
    await printReport({ pdf, site: dist });
    const bytes = readFileSync(pdf).toString("latin1");
    expect(bytes).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJK/);
  });
});
