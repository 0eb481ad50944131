/**
 * Text encodings of delimited exports. Chinese Excel saves CSV in GBK (a subset of GB18030)
 * and "Unicode text" as UTF-16LE; DuckDB reads only UTF-8, so anything else is transcoded first.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";

export type Encoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";
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
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return { encoding: "utf-8", bom: false };
  } catch {
    return { encoding: "gb18030", bom: false };
  }
}

export function normalizeEncoding(name: string): Encoding {
  const n = name.toLowerCase().replace(/_/g, "-");
  if (n === "utf8" || n === "utf-8" || n === "utf-8-sig") return "utf-8";
  if (n === "gbk" || n === "gb2312" || n === "gb18030" || n === "cp936") return "gb18030";
  if (n === "utf-16" || n === "utf16" || n === "utf-16le") return "utf-16le";
  if (n === "utf-16be") return "utf-16be";
  throw new Error(`unknown encoding "${name}": expected one of ${ENCODINGS.join(", ")}`);
}

export function decodeHead(head: Buffer, encoding: Encoding): string {
  const text = new TextDecoder(encoding === "utf-8" ? "utf-8" : encoding).decode(head, { stream: true });
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Streams `src` into a UTF-8 copy at `dest`, dropping a leading BOM. */
export async function transcodeToUtf8(
  src: string,
  dest: string,
  encoding: Encoding,
  onProgress?: (bytes: number) => void,
): Promise<void> {
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
}
