/** Headless Debian chromium through playwright-core, with the flags this offline machine needs. */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = () => existsSync(CHROMIUM);

/** playwright gives every launch a fresh, empty profile directory of its own. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--no-first-run", "--disable-sync", "--disable-quic",
    ],
  });
}

/** Waits until every chart of a page or frame has drawn (src/components/vega.ts sets data-drawn). */
export async function waitForCharts(page: Pick<Page, "waitForFunction">, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => Array.from(document.querySelectorAll("figure.chart")).every((f) => (f as HTMLElement).dataset.drawn === "true"), undefined, { timeout });
}
