/**
 * dist/exports/: the key charts as Vega-Lite specs (data inlined), SVG and PNG, rendered in
 * Node without a browser, so a report script can pick them up. The same specs as the pages
 * (src/components/charts.ts), for the default view of each: the last 12 months, everyone.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { basename as base, dirname, join } from "node:path";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
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

let wasm: Promise<void> | undefined;
const fontData = new Map<string, Uint8Array[]>();

/**
 * PNG at twice the SVG's size, drawn with `exportFonts`: a sans-serif that draws Chinese where
 * the machine has one. Fonts are handed over as bytes read once. resvg's native build (resvg-js)
 * read the whole font file again for each glyph it drew: a 19 MB Noto CJK file 343 times for
 * one chart, 5 s of the 1M build's 7 charts.
 */
export async function svgToPng(svg: string, fontDirs = FONT_DIRS): Promise<Buffer> {
  wasm ??= initWasm(readFileSync(createRequire(import.meta.url).resolve("@resvg/resvg-wasm/index_bg.wasm")));
  await wasm;
  const key = fontDirs.join("\n");
  if (!fontData.has(key)) fontData.set(key, exportFonts(fontDirs).map((f) => readFileSync(f)));
  const r = new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, background: "white", font: { fontBuffers: fontData.get(key)!, sansSerifFamily: "Noto Sans CJK SC", defaultFontFamily: "Noto Sans CJK SC" } });
  try {
    const image = r.render();
    try {
      return Buffer.from(image.asPng());
    } finally {
      image.free();
    }
  } finally {
    r.free();
  }
}

const FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", join(homedir(), ".fonts"), join(homedir(), ".local/share/fonts"), "/Library/Fonts", "/System/Library/Fonts", join(process.env.WINDIR ?? "C:\\Windows", "Fonts")];
const FONT_FILE = /\.(ttc|ttf|otf)$/i;
const CJK_FONT = /cjk|sourcehan|notosanssc|notoserifsc|wqy|wenquanyi|msyh|simhei|simsun|pingfang|hiragino.*gb|droidsansfallback/i;
const LATIN_SANS = /^(dejavusans|liberationsans|arial|helvetica|notosans)[-.]|^(arialbd|helveticaneue)\./i;
const NOT_SANS = /serif|mono|condensed|narrow|oblique|italic|math/i;
const BOLD = /bold|bd\./i;
const OTHER_WEIGHT = /light|thin|medium|black|heavy|demi|semi|extra/i;

/** Every font file under `dirs`, four folders deep at most, in a stable order. */
function fontFiles(dirs: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      if (FONT_FILE.test(e)) found.push(join(dir, e));
      else if (depth < 4 && !/\./.test(e)) walk(join(dir, e), depth + 1);
    }
  };
  for (const d of dirs) walk(d, 0);
  return found;
}

/** A font file on this machine that draws Chinese, if any (the PNG exports need one for Chinese text). */
export function findCjkFont(dirs = FONT_DIRS): string | null {
  return fontFiles(dirs).find((f) => CJK_FONT.test(base(f))) ?? null;
}

/**
 * The fonts the PNGs are drawn with: the regular and bold of a sans-serif that draws Chinese, then
 * of a Latin sans-serif (drawing what the first lacks, or all text on a machine without one).
 * Vega's SVG asks for "sans-serif" only, in two weights; resvg takes the first font that has a
 * glyph when the family is not among these.
 */
export function exportFonts(dirs = FONT_DIRS): string[] {
  const files = fontFiles(dirs);
  const family = (pattern: RegExp) => {
    const sans = files.filter((f) => pattern.test(base(f)) && !NOT_SANS.test(base(f)) && !OTHER_WEIGHT.test(base(f)));
    const regular = sans.find((f) => !BOLD.test(base(f)));
    const bold = regular && sans.find((f) => BOLD.test(base(f)) && dirname(f) === dirname(regular));
    return [regular, bold].filter((f): f is string => !!f);
  };
  return [...family(CJK_FONT), ...family(LATIN_SANS)];
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
  // The font folders are walked once for the warning, not once per chart.
  let cjkFont: string | null | undefined;
  for (const name of KEY_CHARTS) {
    const { title, spec } = chartSpec(name, source(name), {}, { width: EXPORT_WIDTH });
    const full = { ...spec, title: { text: title, anchor: "start" } } as TopLevelSpec;
    writeFileSync(join(dir, `${name}.vl.json`), JSON.stringify(full, null, 1));
    const svg = await specToSvg(full, opts.locale);
    writeFileSync(join(dir, `${name}.svg`), svg);
    if (!warnings.length && /[\u3400-\u9fff]/.test(svg) && !(cjkFont ??= findCjkFont(fontDirs))) warnings.push(MISSING_CJK_FONT);
    writeFileSync(join(dir, `${name}.png`), await svgToPng(svg, fontDirs));
    index.push({ chart: name, title, files: [`${name}.vl.json`, `${name}.svg`, `${name}.png`] });
  }
  writeFileSync(join(dir, "index.json"), JSON.stringify({ locale: opts.locale, charts: index }, null, 1));
  return warnings;
}
