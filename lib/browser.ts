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

/**
 * Hovers the first bar, cell or point of every chart on the page, as a reader would, and returns
 * each chart's tooltip text ("" when none showed).
 */
export async function chartTooltips(page: Page): Promise<string[]> {
  const out: string[] = [];
  const charts = page.locator("figure.chart");
  for (let i = 0; i < (await charts.count()); i++) {
    const marks = charts.nth(i).locator("g.mark-rect.role-mark > path, g.mark-symbol.role-mark > path");
    let text = "";
    for (let j = 0; j < Math.min(await marks.count(), 5) && !text; j++) {
      const mark = marks.nth(j);
      await mark.scrollIntoViewIfNeeded();
      const box = await mark.boundingBox();
      if (!box || box.width * box.height === 0) continue;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      text = await page
        .waitForFunction(() => {
          const el = document.querySelector("#vg-tooltip-element.visible") as HTMLElement | null;
          return el?.innerText.trim() || false;
        }, undefined, { timeout: 2000 })
        .then((h) => h.jsonValue() as Promise<string>)
        .catch(() => "");
      await page.mouse.move(0, 0);
    }
    out.push(text);
  }
  return out;
}
