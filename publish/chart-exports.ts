/**
 * dist/exports/: the key charts as Vega-Lite specs (data inlined), SVG and PNG, rendered in
 * Node without a browser, so a report script can pick them up. The same specs as the pages
 * (src/components/charts.ts), for the default view of each: the last 12 months, everyone.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { chartData, chartSpec, KEY_CHARTS, type ChartName } from "../src/components/charts.ts";
import { setLocale, type Locale } from "../src/components/i18n.ts";
import { ZH_FORMAT_LOCALE, ZH_TIME_LOCALE } from "../src/components/vega.ts";

export const EXPORT_WIDTH = 640;

/**
 * Without a canvas Vega guesses text widths at 0.8 em a character, too narrow for Chinese and
 * too wide for Latin: axis labels then spill out of the image. Full-width characters take 1 em.
 */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
(vega as unknown as { textMetrics: { width: (item: { fontSize?: number }, text: unknown) => number } }).textMetrics.width = (item, text) => {
  const size = item.fontSize ?? 11;
  let em = 0;
  for (const ch of String(text ?? "").trim()) em += WIDE.test(ch) ? 1 : /[A-Z0-9]/.test(ch) ? 0.62 : 0.55;
  return em * size;
};

/** A spec's SVG, drawn by Vega in Node. */
export async function specToSvg(spec: TopLevelSpec, locale: Locale): Promise<string> {
  // Vega-Lite's warnings (legend merges) are about the spec's style, not the export: keep the build quiet.
  const view = new vega.View(vega.parse(compile(spec, { logger: vega.logger(vega.None) } as never).spec), {
    renderer: "none",
    ...(locale === "zh-CN" ? { locale: { number: ZH_FORMAT_LOCALE, time: ZH_TIME_LOCALE } } : {}),
  } as never);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG at twice the SVG's size, with the system's fonts (Noto CJK for Chinese where installed). */
export function svgToPng(svg: string): Buffer {
  const r = new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, background: "white", font: { loadSystemFonts: true, sansSerifFamily: "Noto Sans CJK SC", defaultFontFamily: "Noto Sans CJK SC" } });
  return r.render().asPng();
}

const FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", join(homedir(), ".fonts"), join(homedir(), ".local/share/fonts"), "/Library/Fonts", "/System/Library/Fonts", join(process.env.WINDIR ?? "C:\\Windows", "Fonts")];
const CJK_FONT = /cjk|sourcehan|notosanssc|notoserifsc|wqy|wenquanyi|msyh|simhei|simsun|pingfang|hiragino.*gb|droidsansfallback/i;

/** A font file on this machine that draws Chinese, if any (the PNG exports render with system fonts). */
export function findCjkFont(dirs = FONT_DIRS): string | null {
  const walk = (dir: string, depth: number): string | null => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return null;
    }
    for (const e of entries) {
      const path = join(dir, e);
      if (CJK_FONT.test(e) && /\.(ttc|ttf|otf)$/i.test(e)) return path;
      if (depth < 4 && !/\./.test(e)) {
        const found = walk(path, depth + 1);
        if (found) return found;
      }
    }
    return null;
  };
  for (const d of dirs) {
    const found = walk(d, 0);
    if (found) return found;
  }
  return null;
}

export const MISSING_CJK_FONT =
  "no font for Chinese text was found on this machine, so Chinese names in dist/exports/*.png would show as boxes; install one (Debian/Ubuntu: apt-get install fonts-noto-cjk; macOS and Windows have one) and build again. The SVG and Vega-Lite exports and the site itself are not affected.";

/**
 * Renders the key charts from the site's data (publish/page-files.ts chartSources). Returns
 * warnings for the build to print: PNGs holding Chinese text on a machine without a font for it.
 */
export async function writeChartExports(outDir: string, data: Record<string, unknown>, opts: { locale: Locale; currency: string }, fontDirs = FONT_DIRS): Promise<string[]> {
  const warnings: string[] = [];
  setLocale(opts.locale, opts.currency);
  const source = (name: ChartName) => data[chartData(name, {})];
  const dir = join(outDir, "exports");
  mkdirSync(dir, { recursive: true });
  const index: { chart: string; title: string; files: string[] }[] = [];
  for (const name of KEY_CHARTS) {
    const { title, spec } = chartSpec(name, source(name), {}, { width: EXPORT_WIDTH });
    const full = { ...spec, title: { text: title, anchor: "start" } } as TopLevelSpec;
    writeFileSync(join(dir, `${name}.vl.json`), JSON.stringify(full, null, 1));
    const svg = await specToSvg(full, opts.locale);
    writeFileSync(join(dir, `${name}.svg`), svg);
    if (!warnings.length && /[\u3400-\u9fff]/.test(svg) && !findCjkFont(fontDirs)) warnings.push(MISSING_CJK_FONT);
    writeFileSync(join(dir, `${name}.png`), svgToPng(svg));
    index.push({ chart: name, title, files: [`${name}.vl.json`, `${name}.svg`, `${name}.png`] });
  }
  writeFileSync(join(dir, "index.json"), JSON.stringify({ locale: opts.locale, charts: index }, null, 1));
  return warnings;
}
