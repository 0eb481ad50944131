/**
 * The site's language: English keys, Chinese from messages.ts. The locale is the build's
 * (tierboard.yml `locale`, or `tierboard build --locale`), written into every page's head; Node
 * code (tests, the static chart exports) sets it with setLocale.
 */
import { ZH } from "./messages.js";

export type Locale = "en" | "zh-CN";

let current: Locale | undefined;
let currency: string | undefined;

const meta = (name: string) => (typeof document === "undefined" ? null : document.querySelector(`meta[name="${name}"]`)?.getAttribute("content") ?? null);

export function locale(): Locale {
  return (current ??= meta("tierboard-locale") === "zh-CN" ? "zh-CN" : "en");
}

/** ISO code of the exports' currency (tierboard.yml `currency`). */
export function currencyCode(): string {
  return (currency ??= meta("tierboard-currency") ?? "CNY");
}

export function setLocale(l: Locale, c?: string) {
  current = l;
  if (c) currency = c;
}

/**
 * The text in the site's language; `{name}` placeholders are filled from `params`. A key
 * missing from messages.ts shows in English (a test lists every key the sources use).
 */
export function t(text: string, params?: Record<string, unknown>): string {
  const s = locale() === "zh-CN" ? (ZH[text] ?? text) : text;
  return params ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : s;
}

/** A remark in brackets after a label: " (partial)" in English, "（未完）" with full-width brackets in Chinese. */
export const aside = (text: string) => (locale() === "zh-CN" ? `（${text}）` : ` (${text})`);

/** The colon after a label: ": " in English, a full-width "：" in Chinese. */
export const colon = () => (locale() === "zh-CN" ? "：" : ": ");

/** A label and its value: "Region: East" in English, "区域：华东" in Chinese. */
export const labelled = (label: string, value: unknown) => `${label}${colon()}${value}`;
