/**
 * Browser tests of the built site: build it from a small sample, serve it on loopback, open every
 * page in headless chromium, and write a screenshot of each for review.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { buildSite } from "../cli/site.ts";
import { hasChromium, launchBrowser } from "../lib/browser.ts";
import { silent } from "../lib/progress.ts";
import { serveStatic } from "../lib/static-server.ts";
import { ingest } from "../loaders/ingest.ts";
import { generateSample } from "../sample/generate.ts";

const root = mkdtempSync(join(tmpdir(), "tb-site-"));
const dist = join(root, "dist");
const shots = resolve(import.meta.dirname, "../test-results/screenshots");
// CI installs chromium; a developer without it sees these tests skipped, not passed.
const run = hasChromium() || process.env.CI ? describe : describe.skip;

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));

run("the built site", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  beforeAll(async () => {
    await generateSample({ out: join(root, "exports"), customers: 300, orderLines: 5000, progress: silent });
    // One bad row, so that the quarantine table shows.
    const lines = join(root, "exports", "order_lines.csv");
    writeBad(lines);
    await ingest({ sources: [join(root, "exports")], warehouse: join(root, "warehouse.duckdb"), progress: silent });
    await buildSite({ out: dist, warehouse: join(root, "warehouse.duckdb"), progress: silent });
    server = await serveStatic(dist);
    browser = await launchBrowser();
    mkdirSync(shots, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test("refers to no other host anywhere in dist/", () => {
    const offenders: string[] = [];
    for (const f of files(dist)) {
      if (!/\.(html|js|css|json|svg)$/.test(f)) continue;
      for (const m of readFileSync(f, "utf8").matchAll(/(?:https?:)?\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?=[/"'\s)])/gi)) {
        // XML namespaces are names, not requests.
        if (m[1] === "www.w3.org") continue;
        offenders.push(`${relative(dist, f)}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test("shows the data-sources page with every table, file and quarantine reason, without errors or outside requests", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const outside: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => !r.url().startsWith(server.url) && !r.url().startsWith("data:") && outside.push(r.url()));
    await page.goto(`${server.url}/index.html`, { waitUntil: "networkidle" });
    await page.waitForSelector("table.data tbody tr");
    const tables = await page.$$eval("table.data", (ts) => ts.map((t) => t.querySelectorAll("tbody tr").length));
    expect(tables).toEqual([11, 12, 1]);
    expect(await page.textContent("body")).toContain("expected a number such as 1234.50");
    await page.screenshot({ path: join(shots, "data-sources.png"), fullPage: true });
    expect(errors, errors.join("\n")).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });
});

function writeBad(file: string) {
  const text = readFileSync(file, "utf8").split("\n");
  const cells = text[1]!.split(",");
  cells[3] = "lots";
  text[1] = cells.join(",");
  writeFileSync(file, text.join("\n"));
}
