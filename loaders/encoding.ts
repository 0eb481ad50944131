/**
 * Text encodings of delimited exports. Chinese Excel saves CSV in GBK (a subset of GB18030)
 * and "Unicode text" as UTF-16LE; DuckDB reads only UTF-8, so anything else is transcoded first.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";

/** "utf-8+gb18030": a UTF-8 file with lines pasted in from a GBK one; each line is read in its own. */
export type Encoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be" | "utf-8+gb18030";
export const ENCODINGS = ["utf-8", "gb18030", "gbk", "utf-16le", "utf-16be"] as const;

const SAMPLE_BYTES = 1 << 20;

export async function readHead(path: string, bytes = SAMPLE_BYTES): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Decides from the BOM or, failing that, from whether the first megabyte is valid UTF-8.
 * A file that is UTF-8 at the start and not later is read as UTF-8, and its bad rows are
 * quarantined as invalid text rather than silently mis-decoded.
 */
export function detectEncoding(head: Buffer): { encoding: Encoding; bom: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf-8", bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", bom: true };
  // UTF-16 without a BOM: text whose every other byte is zero (the high byte of Latin characters,
  // headers and digits). UTF-8 and GBK text has no zero bytes at all.
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs >= 4) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenZero++;
      if (head[2 * i + 1] === 0) oddZero++;
    }
    if (oddZero >= pairs * 0.3 && evenZero === 0) return { encoding: "utf-16le", bom: false };
    if (evenZero >= pairs * 0.3 && oddZero === 0) return { encoding: "utf-16be", bom: false };
  }
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return { encoding: "utf-8", bom: false };
  } catch {
    // Chinese text in GBK is almost never valid UTF-8, so lines that are valid UTF-8 with
    // non-ASCII characters in a file that is not UTF-8 throughout mean a mixed file.
    let utf8 = 0;
    let other = 0;
    for (const line of splitLines(head)) {
      if (!line.some((b) => b >= 0x80)) continue;
      if (isUtf8(line)) utf8++;
      else other++;
    }
    return { encoding: utf8 > 0 && utf8 >= other ? "utf-8+gb18030" : "gb18030", bom: false };
  }
}

function splitLines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, start)) {
    out.push(buf.subarray(start, i));
    start = i + 1;
  }
  return out; // the last, possibly cut, line is left out
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
function isUtf8(b: Buffer): boolean {
  try {
    strictUtf8.decode(b);
    return true;
  } catch {
    return false;
  }
}

export function normalizeEncoding(name: string): Encoding {
  const n = name.toLowerCase().replace(/_/g, "-");
  if (n === "utf8" || n === "utf-8" || n === "utf-8-sig") return "utf-8";
  if (n === "gbk" || n === "gb2312" || n === "gb18030" || n === "cp936") return "gb18030";
  if (n === "utf-16" || n === "utf16" || n === "utf-16le") return "utf-16le";
  if (n === "utf-16be") return "utf-16be";
  if (n === "utf-8+gb18030" || n === "mixed") return "utf-8+gb18030";
  throw new Error(`unknown encoding "${name}": expected one of ${ENCODINGS.join(", ")}`);
}

export function decodeHead(head: Buffer, encoding: Encoding): string {
  const text =
    encoding === "utf-8+gb18030"
      ? decodeMixed(head).text
      : new TextDecoder(encoding).decode(head, { stream: true });
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Each line in UTF-8 when it is valid UTF-8, else in GB18030; numbers (1-based) the GB18030 lines. */
function decodeMixed(buf: Buffer, firstLine = 1): { text: string; fallbackLines: number[] } {
  const fallbackLines: number[] = [];
  const gb = new TextDecoder("gb18030");
  let n = firstLine;
  const parts: string[] = [];
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(10, start);
    end = end === -1 ? buf.length : end + 1;
    const line = buf.subarray(start, end);
    if (isUtf8(line)) parts.push(line.toString("utf8"));
    else {
      parts.push(gb.decode(line));
      fallbackLines.push(n);
    }
    n++;
    start = end;
  }
  return { text: parts.join(""), fallbackLines };
}

/**
 * Streams `src` into a UTF-8 copy at `dest`, dropping a leading BOM. Returns the lines (1-based)
 * that a mixed file had in GB18030, so the report can name them.
 */
export async function transcodeToUtf8(
  src: string,
  dest: string,
  encoding: Encoding,
  onProgress?: (bytes: number) => void,
): Promise<{ fallbackLines: number[] }> {
  if (encoding === "utf-8+gb18030") return transcodeMixed(src, dest, onProgress);
  const decoder = new TextDecoder(encoding);
  let seen = 0;
  let first = true;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      onProgress?.(seen);
      let s = decoder.decode(chunk, { stream: true });
      if (first && s.length > 0) {
        if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
        first = false;
      }
      cb(null, Buffer.from(s, "utf8"));
    },
    flush(cb) {
      cb(null, Buffer.from(decoder.decode(), "utf8"));
    },
  });
  await pipeline(createReadStream(src, { highWaterMark: 1 << 20 }), t, createWriteStream(dest));
  return { fallbackLines: [] };
}

async function transcodeMixed(src: string, dest: string, onProgress?: (bytes: number) => void): Promise<{ fallbackLines: number[] }> {
  const fallbackLines: number[] = [];
  let seen = 0;
  let line = 1;
  let rest = Buffer.alloc(0);
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      onProgress?.(seen);
      const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      const cut = buf.lastIndexOf(10) + 1;
      rest = Buffer.from(buf.subarray(cut));
      const d = decodeMixed(buf.subarray(0, cut), line);
      for (const n of d.fallbackLines) fallbackLines.push(n);
      line += countNewlines(buf.subarray(0, cut));
      cb(null, Buffer.from(seen === chunk.length && d.text.charCodeAt(0) === 0xfeff ? d.text.slice(1) : d.text, "utf8"));
    },
    flush(cb) {
      const d = decodeMixed(rest, line);
      fallbackLines.push(...d.fallbackLines);
      cb(null, Buffer.from(d.text, "utf8"));
    },
  });
  await pipeline(createReadStream(src, { highWaterMark: 1 << 20 }), t, createWriteStream(dest));
  return { fallbackLines };
}

function countNewlines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  return n;
}
