import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { findCjkFont, MISSING_CJK_FONT } from "./chart-exports.ts";

describe("fonts for the PNG exports", () => {
  test("finds a font that draws Chinese among the system's fonts, in subfolders too", () => {
    const root = mkdtempSync(join(tmpdir(), "tb-fonts-"));
    mkdirSync(join(root, "truetype", "dejavu"), { recursive: true });
    writeFileSync(join(root, "truetype", "dejavu", "DejaVuSans.ttf"), "");
    expect(findCjkFont([root])).toBeNull();
    mkdirSync(join(root, "opentype", "noto"), { recursive: true });
    writeFileSync(join(root, "opentype", "noto", "NotoSansCJK-Regular.ttc"), "");
    expect(findCjkFont([root])).toBe(join(root, "opentype", "noto", "NotoSansCJK-Regular.ttc"));
  });

  test("a machine without one is told which package to install", () => {
    expect(findCjkFont([join(tmpdir(), "no-such-font-dir")])).toBeNull();
    expect(MISSING_CJK_FONT).toMatch(/apt-get install fonts-noto-cjk/);
  });
});
