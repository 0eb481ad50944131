/**
 * Zip archives for Node: the reader (workbooks, the site's zipped page data) and the
 * deterministic writer (fixed timestamps: the same entries give the same bytes). The writer's
 * format is src/components/xlsx.ts's zipArchive, which the browser's Excel downloads use too;
 * Node adds deflate.
 */
import { basename } from "node:path";
// A namespace import: a named import of crc32 would fail to link on Node before 20.15.
import * as zlib from "node:zlib";
import { crc32, zipArchive, type Checksum } from "../src/components/xlsx.ts";
import { UserError } from "./errors.ts";

export class ZipError extends UserError {}

export const deflate = (data: Uint8Array) => zlib.deflateRawSync(data, { level: 6 });

// Node's own CRC-32 (from 20.15) is some 10 times the JavaScript one: 0.9 s of the page data at 10M
// lines. Every archive Node writes takes it: page zips here, workbooks in lib/xlsx-writer.ts.
export const checksum: Checksum = (zlib as { crc32?: Checksum }).crc32 ?? crc32;

/** A deterministic zip archive (deflate at `level`, fixed timestamps). */
export function zip(entries: { name: string; data: Uint8Array }[], level = 6): Buffer {
  return Buffer.from(zipArchive(entries, (data) => zlib.deflateRawSync(data, { level }), checksum));
}

/**
 * The entries of a zip archive by name, each read when called. `what` names the kind of file in
 * messages (".xlsx file").
 */
export function unzip(buf: Buffer, file: string, what = "zip archive"): Map<string, () => Buffer> {
  const name = basename(file);
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0)
    throw new ZipError(
      `${name} is a password-protected workbook or an old .xls file: save it as .xlsx without a password, or as CSV`,
    );
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50)
    throw new ZipError(`${name} is not a valid ${what} (it is not a zip archive); re-save it from Excel or export CSV`);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new ZipError(`${name} is a damaged ${what} (its zip directory is missing); it may be truncated`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new ZipError(`${name} is a damaged ${what} (bad zip directory entry ${i + 1})`);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const entryName = buf.toString("utf8", p + 46, p + 46 + nameLen);
    entries.set(entryName.replace(/^\//, ""), () => {
      const ln = buf.readUInt16LE(local + 26);
      const le = buf.readUInt16LE(local + 28);
      const start = local + 30 + ln + le;
      const data = buf.subarray(start, start + csize);
      try {
        return method === 0 ? data : zlib.inflateRawSync(data);
      } catch (e) {
        throw new ZipError(`${name} is a damaged ${what}: ${entryName} cannot be decompressed (${(e as Error).message})`);
      }
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

