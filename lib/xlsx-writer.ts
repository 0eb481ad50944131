/**
 * The deterministic XLSX and zip writer for Node: the same rows give the same bytes (fixed zip
 * timestamps, no creation dates), which `tierboard sample` promises. The format itself lives in
 * src/components/xlsx.ts, shared with the site's table downloads; Node adds deflate.
 */
import { deflateRawSync } from "node:zlib";
import { writeFileSync } from "node:fs";
import { xlsxBytes, zipArchive, type Sheet } from "../src/components/xlsx.ts";

export { toExcelSerial, type Cell, type Sheet } from "../src/components/xlsx.ts";

const deflate = (data: Uint8Array) => deflateRawSync(data, { level: 6 });

/** A deterministic zip archive (deflate, fixed timestamps). */
export function zip(entries: { name: string; data: Buffer }[]): Buffer {
  return Buffer.from(zipArchive(entries, deflate));
}

export function xlsxBuffer(sheets: Sheet[]): Buffer {
  return Buffer.from(xlsxBytes(sheets, deflate));
}

export function writeXlsx(path: string, sheets: Sheet[]): void {
  writeFileSync(path, xlsxBuffer(sheets));
}
