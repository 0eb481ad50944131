/** Small CSV helpers for the first lines of a file; the bulk is read by DuckDB. */

export const DELIMITERS = [",", "\t", ";", "|"] as const;

/** Splits text into records of fields, honouring double quotes; stops after `maxRecords`. */
export function parseRecords(text: string, delimiter: string, maxRecords = 50): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let inQuotes = false;
  let i = 0;
  const n = text.length;
  while (i < n && records.length < maxRecords) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") inQuotes = true;
    else if (ch === delimiter) {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
    i++;
  }
  // A last record without a newline counts only if the sample reached the end of the text.
  if (i >= n && (field !== "" || record.length > 0) && records.length < maxRecords) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * Picks the delimiter that splits the sample's lines into the same number (>1) of fields most
 * often; ties go to the earlier candidate (comma first).
 */
export function detectDelimiter(text: string): string {
  let best: string = ",";
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const recs = parseRecords(text, d, 30).filter((r) => !(r.length === 1 && r[0] === ""));
    if (recs.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of recs) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let mode = 1;
    let modeCount = 0;
    for (const [len, c] of counts) if (c > modeCount || (c === modeCount && len > mode)) [mode, modeCount] = [len, c];
    if (mode < 2) continue;
    const score = modeCount * 1000 + mode;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** Quotes every field, so that what we write is read back exactly. */
export function csvLine(values: readonly (string | null | undefined)[]): string {
  return values.map((v) => (v == null ? "" : `"${v.replace(/"/g, '""')}"`)).join(",") + "\n";
}
