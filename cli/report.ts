/** `tierboard report --pdf FILE`: the monthly report page of a built site, printed to A4 PDF by headless chromium. */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { hasChromium, launchBrowser, waitForCharts, CHROMIUM } from "../lib/browser.ts";
import { serveStatic } from "../lib/static-server.ts";
import { UserError } from "../lib/errors.ts";

export class ReportError extends UserError {}

export async function printReport(opts: { pdf: string; site?: string; month?: string }): Promise<void> {
  const site = resolve(opts.site ?? "dist");
  if (!existsSync(join(site, "report.html"))) throw new ReportError(`no built site with a report in ${site}: run 'npx tierboard build' first`);
  if (!hasChromium()) throw new ReportError(`printing needs chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM_PATH)`);
  if (opts.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.month)) throw new ReportError(`--month expects a month as YYYY-MM (e.g. 2026-09), got "${opts.month}"`);
  const server = await serveStatic(site);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/report.html${opts.month ? `?month=${opts.month}` : ""}`, { waitUntil: "networkidle" });
    await page.waitForSelector(".report h1");
    const problem = await page.evaluate(() => document.body.dataset.reportError);
    if (problem) throw new ReportError(`--month ${opts.month}: ${problem}; nothing was printed`);
    await waitForCharts(page, 60_000);
    if (errors.length) throw new ReportError(`the report page failed: ${errors.join("; ")}`);
    mkdirSync(dirname(resolve(opts.pdf)), { recursive: true });
    await page.pdf({ path: resolve(opts.pdf), format: "A4", printBackground: true, margin: { top: "12mm", bottom: "12mm", left: "12mm", right: "12mm" } });
  } finally {
    await browser.close();
    await server.close();
  }
}
