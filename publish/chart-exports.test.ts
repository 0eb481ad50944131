import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { findCjkFont, MISSING_CJK_FONT, svgToPng } from "./chart-exports.ts";

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

test("the PNG exports draw Chinese text with glyphs, not .notdef boxes (with a font for it on the machine)", () => {
  // Characters a font lacks are all drawn as the same box (or nothing); drawn glyphs differ from each other and from a private-use character no font has.
  const png = (text: string) => svgToPng(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="28" font-size="24" font-family="sans-serif">${text}</text></svg>`);
  if (!findCjkFont()) {
    // Without a font the build says which to install (publish/chart-exports.ts writeChartExports); this machine cannot show more.
    expect(MISSING_CJK_FONT).toMatch(/fonts-noto-cjk/);
    return;
  }
  const [sales, amount, missing] = [png("销售额"), png("客户等级"), png("\ue000\ue001\ue002")];
  expect(sales.equals(amount)).toBe(false);
  expect(sales.equals(missing)).toBe(false);
  expect(png("销").equals(png("额"))).toBe(false);
});
