/**
 * The deterministic XLSX and zip writer for Node: the same rows give the same bytes (fixed zip
 * timestamps, no creation dates), which `tierboard sample` promises. The format itself lives in
 * src/components/xlsx.ts, shared with the site's table downloads; Node adds deflate and its own CRC-32.
 */
import { writeFileSync } from "node:fs";
import { xlsxBytes, type Sheet } from "../src/components/xlsx.ts";
import { checksum, deflate } from "./zip.ts";

export { toExcelSerial, type Cell, type Sheet } from "../src/components/xlsx.ts";

export function xlsxBuffer(sheets: Sheet[]): Buffer {
  return Buffer.from(xlsxBytes(sheets, deflate, checksum));
}

export function writeXlsx(path: string, sheets: Sheet[]): void {
  writeFileSync(path, xlsxBuffer(sheets));
}
