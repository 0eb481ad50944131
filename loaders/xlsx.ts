/**
 * Reads XLSX workbooks: every sheet as rows of strings, with each cell's Excel row number.
 *
 * Our own reader rather than a library: the streaming readers on npm dropped whole sheets of
 * multi-sheet workbooks in our tests, and the in-memory ones need gigabytes for 100k-row sheets.
 * Date-formatted cells become ISO dates; other numbers keep Excel's own text.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { UserError } from "../lib/errors.ts";
import { unzip as unzipArchive, ZipError } from "../lib/zip.ts";

export class WorkbookError extends UserError {}

export interface SheetRows {
  name: string;
  /** [excelRowNumber, cells] in sheet order; empty rows are skipped. */
  rows: [number, string[]][];
}

/** The workbook's parts; a damaged or fake archive reads as a workbook error. */
export function unzip(buf: Buffer, file: string): Map<string, () => Buffer> {
  try {
    return unzipArchive(buf, file, ".xlsx file");
  } catch (e) {
    throw e instanceof ZipError ? new WorkbookError(e.message) : e;
  }
}

const ENTITY: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
export function xmlText(s: string): string {
  // Most cells hold neither an entity nor an escaped character: they are returned as they are.
  if (!s.includes("&") && !s.includes("_x")) return s;
  return s
    .replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, e: string) =>
      e[0] === "#" ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITY[e]!,
    )
    .replace(/_x([0-9A-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Text of a shared-string or inline-string item: all runs, without phonetic guides. */
function itemText(xml: string): string {
  const body = xml.includes("<rPh") ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "") : xml;
  let out = "";
  for (const m of body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += m[1];
  return xmlText(out);
}

// One pattern per attribute name: made anew for each of a sheet's millions of cells, they took a third of the reading.
const ATTR_PATTERNS = new Map<string, RegExp>();
const attr = (attrs: string, name: string) => {
  let re = ATTR_PATTERNS.get(name);
  if (!re) ATTR_PATTERNS.set(name, (re = new RegExp(`\\b${name}="([^"]*)"`)));
  return re.exec(attrs)?.[1];
};

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

function dateStyles(styles: string | undefined): Set<number> {
  const out = new Set<number>();
  if (!styles) return out;
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    const id = Number(attr(m[1]!, "numFmtId"));
    custom.set(id, xmlText(attr(m[1]!, "formatCode") ?? ""));
  }
  const isDateCode = (code: string) => /[dmyhs]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "")) && !/^(general|@)$/i.test(code);
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? "";
  let i = 0;
  for (const m of xfs.matchAll(/<xf\b([^>]*?)(\/>|>)/g)) {
    const id = Number(attr(m[1]!, "numFmtId") ?? 0);
    if (BUILTIN_DATE_FORMATS.has(id) || (custom.has(id) && isDateCode(custom.get(id)!))) out.add(i);
    i++;
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, "0");
export function serialToIso(serial: number): string {
  const ms = Math.round((serial - 25569) * 86400000);
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const secs = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return secs === 0 ? date : `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function colIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/**
 * Valid Open XML may prefix every element with a namespace (<x:row>, as some .NET tools write
 * it); the parts are read with the prefixes taken off, so the same patterns read both spellings.
 */
export const withoutPrefixes = (xml: string) => xml.replace(/<(\/?)[A-Za-z_][\w.-]*:(?=[A-Za-z_])/g, "<$1");

function parseSheet(xml: string, shared: string[], dates: Set<number>, epoch: number): [number, string[]][] {
  const rows: [number, string[]][] = [];
  let nextRow = 1;
  for (const rm of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const rowNum = Number(attr(rm[1]!, "r") ?? nextRow);
    nextRow = rowNum + 1;
    const body = rm[2];
    if (!body) continue;
    const cells: string[] = [];
    let nextCol = 0;
    let any = false;
    for (const cm of body.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const a = cm[1]!;
      const ref = attr(a, "r");
      const col = ref ? colIndex(ref) : nextCol;
      nextCol = col + 1;
      const inner = cm[2];
      if (!inner) continue;
      const t = attr(a, "t");
      let value: string;
      if (t === "inlineStr") value = itemText(/<is(?:\s[^>]*)?>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? "");
      else {
        const v = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/.exec(inner)?.[1];
        if (v === undefined) continue;
        if (t === "s") value = shared[Number(v)] ?? "";
        else if (t === "b") value = v === "1" ? "true" : "false";
        else if (t === "str" || t === "e") value = xmlText(v);
        else {
          const s = Number(attr(a, "s") ?? 0);
          value = dates.has(s) && v !== "" && Number.isFinite(Number(v)) ? serialToIso(Number(v) + epoch) : v;
        }
      }
      while (cells.length < col) cells.push("");
      cells[col] = value;
      if (value !== "") any = true;
    }
    if (any) rows.push([rowNum, cells]);
  }
  return rows;
}

export function readWorkbook(file: string, only?: string): SheetRows[] {
  const buf = readFileSync(file);
  const zip = unzip(buf, file);
  const get = (name: string) => {
    const part = zip.get(name)?.().toString("utf8");
    return part === undefined ? undefined : withoutPrefixes(part);
  };
  const workbook = get("xl/workbook.xml");
  if (!workbook) throw new WorkbookError(`${basename(file)} is not an Excel workbook (xl/workbook.xml is missing)`);
  const rels = new Map<string, string>();
  for (const m of (get("xl/_rels/workbook.xml.rels") ?? "").matchAll(/<Relationship\b([^>]*)\/?>/g))
    rels.set(attr(m[1]!, "Id")!, attr(m[1]!, "Target")!);
  const sharedXml = get("xl/sharedStrings.xml") ?? "";
  const shared = [...sharedXml.matchAll(/<si(?:\s[^>]*)?>([\s\S]*?)<\/si>/g)].map((m) => itemText(m[1]!));
  const dates = dateStyles(get("xl/styles.xml"));
  // Workbooks from old Mac Excel count days from 1904-01-01: 1,462 days after the usual start.
  const epoch = /<workbookPr\b[^>]*\bdate1904="(1|true)"/.test(workbook) ? 1462 : 0;
  const sheets: SheetRows[] = [];
  const names: string[] = [];
  for (const m of workbook.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const name = xmlText(attr(m[1]!, "name") ?? "");
    names.push(name);
    if (only !== undefined && name !== only) continue;
    // The relationship attribute's prefix is usually r:, but any declared prefix is valid.
    const target = rels.get(/\b[\w.-]+:id="([^"]*)"/.exec(m[1]!)?.[1] ?? "") ?? "";
    const path = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
    const xml = get(path.replace(/\/\.\//g, "/"));
    if (xml === undefined) throw new WorkbookError(`${basename(file)}: sheet "${name}" has no data part (${path})`);
    const rows = parseSheet(xml, shared, dates, epoch);
    // Cells in the sheet but none read means a spelling this reader does not know: say so rather than load nothing.
    if (rows.length === 0 && /<c\b[^>]*>\s*<(v|is)\b/.test(xml))
      throw new WorkbookError(`${basename(file)}: sheet "${name}" has cells this reader could not read; save the workbook again from Excel, or export the sheet as CSV`);
    sheets.push({ name, rows });
  }
  if (only !== undefined && sheets.length === 0)
    throw new WorkbookError(`${basename(file)} has no sheet named "${only}"; its sheets: ${names.join(", ")}`);
  return sheets;
}
