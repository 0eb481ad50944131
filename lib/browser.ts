/** Headless Debian chromium through playwright-core, with the flags this offline machine needs. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { queryFile } from "./duckdb.ts";

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

/** The page of the warehouse's largest customer (T12M revenue, ties by id), addressed as a drill-down leaves it. */
export async function largestCustomerPage(warehouse: string): Promise<string> {
  const [c] = await queryFile<{ id: string }>(warehouse, "select customer_id as id from customer_grades where period = 'T12M' order by revenue desc, customer_id limit 1");
  return `customer.html?id=${encodeURIComponent(c!.id)}`;
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

/** What a reader cannot read on the open page: axis labels drawn over each other, text too faint on its background, dark marks on a dark page, charts not drawn, a chart menu over its chart. */
export async function unreadable(page: Page): Promise<{ overlaps: string[]; faint: string[]; dim: string[]; undrawn: number; roomy: string[]; covered: string[] }> {
  return page.evaluate(() => {
    // Two boxes drawn over each other by more than a pixel each way.
    const overlap = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    const overlaps: string[] = [];
    document.querySelectorAll("figure.chart svg").forEach((svg, i) => {
      for (const axis of Array.from(svg.querySelectorAll("g.role-axis"))) {
        // Vega hides the labels it thins (labelOverlap) with opacity 0: those are not drawn.
        const labels = Array.from(axis.querySelectorAll("g.role-axis-label text"))
          .filter((el) => el.textContent!.trim() && el.getAttribute("opacity") !== "0" && getComputedStyle(el).opacity !== "0")
          .map((el) => ({ text: el.textContent!, r: el.getBoundingClientRect() }));
        for (let a = 0; a < labels.length; a++)
          for (let b = a + 1; b < labels.length; b++) {
            if (overlap(labels[a]!.r, labels[b]!.r)) overlaps.push(`chart ${i + 1}: "${labels[a]!.text}" over "${labels[b]!.text}"`);
          }
      }
    });
    // WCAG contrast of each piece of text against the background it is drawn on.
    // Computed colours come as rgb(), color(srgb ...) or oklab() (the theme mixes colours): a canvas reads any of them as RGBA.
    const ctx = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
    const rgb = (c: string) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "rgba(0, 0, 0, 0)";
      ctx.fillStyle = c;
      ctx.fillRect(0, 0, 1, 1);
      return Array.from(ctx.getImageData(0, 0, 1, 1).data);
    };
    const lum = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    // The colour behind an element: its own and its ancestors' backgrounds laid over each other down to the first opaque one.
    const background = (el: Element | null): number[] => {
      const layers: number[][] = [];
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c[3] === 0) continue;
        layers.push(c);
        if (c[3] === 255) break;
      }
      return layers.reverse().reduce((under, c) => under.map((v, i) => c[i]! * (c[3]! / 255) + v * (1 - c[3]! / 255)), [255, 255, 255]);
    };
    const faint: string[] = [];
    const walker = document.createTreeWalker(document.querySelector("#observablehq-main") ?? document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      if (!n.textContent!.trim() || el.closest("svg, details:not([open]) > :not(summary), option, script, style") || !el.getClientRects().length) continue;
      const [fg, bg] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
      const ratio = contrast(fg, bg);
      if (ratio < 4.5) faint.push(`"${n.textContent!.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
    }
    // On a dark page, the lines, bars and points of a chart at 3:1 against their card (WCAG's bar for
    // graphics): a palette made for white must not draw dark blue on near-black. Faint fills (an
    // area under a line) and the axes' grid are left out; they are meant to recede.
    const dim: string[] = [];
    if (matchMedia("(prefers-color-scheme: dark)").matches)
      document.querySelectorAll("figure.chart svg").forEach((svg, i) => {
        const bg = lum(background(svg.closest("figure")));
        for (const el of Array.from(svg.querySelectorAll(".role-mark:not(.mark-text):not(.mark-group) > path, .role-mark:not(.mark-text):not(.mark-group) > line, .role-mark:not(.mark-text):not(.mark-group) > rect"))) {
          if (el.closest(".role-axis, .role-legend, .role-title")) continue;
          const style = getComputedStyle(el);
          const opacity = Number(style.opacity);
          for (const [paint, alpha] of [[style.fill, Number(style.fillOpacity)], [style.stroke, Number(style.strokeOpacity)]] as const) {
            if (!paint || paint === "none" || !paint.startsWith("rgb") || opacity * alpha < 0.5) continue;
            const c = rgb(paint);
            if (c[3] === 0) continue;
            const ratio = contrast(lum(c), bg);
            if (ratio < 3) dim.push(`chart ${i + 1}: ${paint} ${ratio.toFixed(2)}:1`);
          }
        }
      });
    const undrawn = Array.from(document.querySelectorAll("figure.chart")).filter((f) => (f as HTMLElement).dataset.drawn !== "true" || !f.querySelector("svg .role-mark")).length;
    // Cards taller than what they hold (more than 40 px of nothing under their content), where a card stands alone in its row.
    const roomy = Array.from(document.querySelectorAll(".grid > .card")).flatMap((card) => {
      const grid = card.parentElement!;
      if (getComputedStyle(grid).gridTemplateColumns.split(" ").length > 1) return [];
      const bottom = Math.max(...Array.from(card.children).map((c) => c.getBoundingClientRect()).filter((r) => r.height > 0).map((r) => r.bottom));
      const space = card.getBoundingClientRect().bottom - parseFloat(getComputedStyle(card).paddingBottom) - bottom;
      return space > 40 ? [`"${card.querySelector("h2")?.textContent ?? ""}" ${Math.round(space)} px`] : [];
    });
    // A chart's menu button over its own chart's marks (it sat on TopN's largest bar).
    const covered: string[] = [];
    document.querySelectorAll("details.chart-menu > summary").forEach((summary) => {
      const m = summary.getBoundingClientRect();
      if (!m.width || !m.height) return;
      (summary.closest(".card") ?? document).querySelectorAll("figure.chart svg .role-mark > *").forEach((el) => {
        if (el.closest(".role-axis, .role-legend, .role-title")) return;
        if (overlap(m, el.getBoundingClientRect())) covered.push(`"${summary.textContent!.trim()}" over a mark of "${el.closest("figure")?.getAttribute("aria-label") ?? "a chart"}"`);
      });
    });
    return { overlaps, faint: [...new Set(faint)], dim: [...new Set(dim)], undrawn, roomy, covered: [...new Set(covered)] };
  });
}

/** The viewports every page must read at: a desktop and a phone, each in the light and the dark theme. */
export const READING_VIEWS = [[1440, 900, "light"], [1440, 900, "dark"], [390, 844, "light"], [390, 844, "dark"]] as const;

/**
 * Opens `url` at each of READING_VIEWS and returns what cannot be read there (see unreadable),
 * each finding naming its view; writes a full-page screenshot of each view to `shots`/`name`-<width>-<theme>.png.
 */
export async function unreadableAnywhere(browser: Browser, url: string, shots: string, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const [width, height, scheme] of READING_VIEWS) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
    await page.goto(url, { waitUntil: "networkidle" });
    await page.waitForSelector("h1");
    await waitForCharts(page);
    const seen = await unreadable(page);
    const where = `${width} px, ${scheme}:`;
    found.push(...seen.overlaps.map((o) => `${where} labels overlap, ${o}`), ...seen.faint.map((f) => `${where} faint text ${f}`), ...seen.dim.map((d) => `${where} chart marks too dark ${d}`), ...seen.roomy.map((r) => `${where} empty card space ${r}`), ...seen.covered.map((c) => `${where} a chart's menu covers it, ${c}`));
    if (seen.undrawn) found.push(`${where} ${seen.undrawn} chart(s) not drawn`);
    await page.screenshot({ path: join(shots, `${name}-${width}-${scheme}.png`), fullPage: true });
    await page.close();
  }
  return found;
}
