import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ZH } from "./messages.ts";
import { aside, labelled, setLocale } from "./i18n.ts";

const src = join(import.meta.dirname, "..");
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (f.startsWith(".") ? [] : statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));

/** Every literal the site puts through t(): t("..."), and the labels of select() and searchBox(). */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const f of files(src).filter((f) => /\.(md|ts)$/.test(f) && !f.endsWith(".test.ts"))) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/\bt\(\s*"((?:[^"\\]|\\.)*)"/g)) keys.add(JSON.parse(`"${m[1]}"`));
    for (const m of text.matchAll(/\bany\("([^"]+)"\)/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/\b(?:select|searchBox)\("[^"]*",\s*"([^"]+)"(?:,\s*"([^"]+)")?/g)) {
      keys.add(m[1]!);
      if (m[2] && text.slice(m.index!, m.index! + 10).startsWith("searchBox")) keys.add(m[2]);
    }
    // Label tables: [["value", "Label"], ...] passed through t() where they are used.
    if (/\bt\(label\)|label: t\(label\)|t\(Object\.fromEntries/.test(text))
      for (const m of text.matchAll(/\["[a-z_0-9]+", "([^"]+)"(?:, [a-zA-Z]+)?\]/g)) if (!/^[a-z_]+$/.test(m[1]!)) keys.add(m[1]!);
  }
  return keys;
}

describe("the Chinese site", () => {
  test("has a translation for every text the pages and components use", () => {
    const missing = [...usedKeys()].filter((k) => !(k in ZH) && /[A-Za-z]/.test(k));
    expect(missing).toEqual([]);
  });

  test("keeps every placeholder of a message in its translation", () => {
    const bad = Object.entries(ZH).filter(([k, v]) => [...k.matchAll(/\{(\w+)\}/g)].some((m) => !v.includes(m[0])));
    expect(bad).toEqual([]);
  });

  test("puts a label's colon and a remark's brackets in full width, as Chinese is written", () => {
    setLocale("zh-CN");
    expect(labelled("区域", "华东")).toBe("区域：华东");
    expect(aside("未完")).toBe("（未完）");
    setLocale("en");
    expect(labelled("Region", "East")).toBe("Region: East");
    expect(aside("partial")).toBe(" (partial)");
  });

  test("has no half-width colon after Chinese text in any translation (a label and its value go through labelled())", () => {
    const bad = Object.entries(ZH).filter(([, v]) => /[\u4e00-\u9fff）]: /.test(v));
    expect(bad).toEqual([]);
  });
});
