/**
 * The speed and memory targets the project holds its builds to (issue 14: "Rebuilds in proportion
 * to what changed"), and the side-by-side summary of one bench run's scales against them. Pure: the
 * figures come from bench/run.ts, which writes what this returns.
 */

export interface StageFigure {
  stage: string;
  wall_s: number;
  cpu_s: number | null;
  peak_rss_mb: number | null;
  ok: boolean;
}

/** What bench/run.ts measured at one scale (the fields the summary reads). */
export interface ScaleFigures {
  order_lines: number;
  stages: StageFigure[];
  floor_ms: { read_ms: number; compute_ms: number } | null;
  ratio_to_floor: { ingest: number; models_and_tests: number; ingest_plus_models: number } | null;
  incremental_month_steps_s: Record<string, number>;
  memory_curve: { limit: string; wall_s: number; peak_rss_mb: number | null; ok: boolean }[];
}

/** The stages the targets read, named as bench/run.ts measures them. */
export const STAGE = {
  whole: "whole build",
  month: "incremental: one more month, whole build",
  floor: "floor (plain DuckDB)",
} as const;

export interface Target {
  what: string;
  /** The issue's figure when it was filed. */
  then: string;
  /** At most this. */
  limit: number;
  unit: "s" | "x" | "MB";
  order_lines: number;
  figure: (f: ScaleFigures) => number | null;
}

const stage = (name: string) => (f: ScaleFigures) => {
  const s = f.stages.find((x) => x.stage === name);
  return s && s.ok ? s.wall_s : null;
};

export const TARGETS: Target[] = [
  { what: "1M lines, whole `build`", then: "43-57 s", limit: 30, unit: "s", order_lines: 1_000_000, figure: stage(STAGE.whole) },
  { what: "1M, ingest + models / the floor", then: "17.3x", limit: 3, unit: "x", order_lines: 1_000_000, figure: (f) => f.ratio_to_floor?.ingest_plus_models ?? null },
  { what: "10M, ingest + models / the floor", then: "23.6x", limit: 3, unit: "x", order_lines: 10_000_000, figure: (f) => f.ratio_to_floor?.ingest_plus_models ?? null },
  { what: "10M lines, whole `build`", then: "347 s", limit: 120, unit: "s", order_lines: 10_000_000, figure: stage(STAGE.whole) },
  {
    what: "10M, peak memory (default settings; the highest stage)",
    then: "12.6 GB",
    limit: 3072,
    unit: "MB",
    order_lines: 10_000_000,
    // Tierboard's own stages: not the floor's plain DuckDB (the memory curve's runs are not stages).
    figure: (f) => {
      const own = f.stages.filter((s) => s.stage !== STAGE.floor && s.peak_rss_mb !== null);
      return own.length ? Math.max(...own.map((s) => s.peak_rss_mb!)) : null;
    },
  },
  { what: "10M, one more month of exports, whole `build`", then: "347 s", limit: 20, unit: "s", order_lines: 10_000_000, figure: stage(STAGE.month) },
];

const show = (v: number, unit: Target["unit"]) => (unit === "x" ? `${v}x` : unit === "MB" ? `${v} MB` : `${v} s`);

/** Met, or missed by how much: against the limit, never rounded into a pass. */
export function verdict(value: number, t: Target): string {
  if (value <= t.limit) return `met (${show(Math.round((t.limit - value) * 10) / 10, t.unit)} to spare)`;
  const times = `${(value / t.limit).toFixed(1)} times the target`;
  return t.unit === "x" ? `missed: ${times}` : `missed by ${show(Math.round((value - t.limit) * 10) / 10, t.unit)} (${times})`;
}

const fmtLines = (n: number) => (n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n.toLocaleString("en-US"));

/** The scales of one run side by side: every stage's time and peak memory, the floor, the curve, and each target a scale measured. */
export function summary(scales: ScaleFigures[], takenAt: string, machine: string): { md: string; targets: { what: string; limit: string; value: number | null; verdict: string }[] } {
  const names = [...new Set(scales.flatMap((s) => s.stages.map((x) => x.stage)))];
  const cell = (f: ScaleFigures, name: string) => {
    const s = f.stages.find((x) => x.stage === name);
    return s ? `${s.wall_s}${s.ok ? "" : " (FAILED)"} | ${s.peak_rss_mb ?? "–"}` : "– | –";
  };
  const targets = TARGETS.filter((t) => scales.some((s) => s.order_lines === t.order_lines)).map((t) => {
    const value = t.figure(scales.find((s) => s.order_lines === t.order_lines)!);
    return { what: t.what, then: t.then, limit: `<= ${show(t.limit, t.unit)}`, value, verdict: value === null ? "not measured (a stage failed or was left out)" : verdict(value, t), unit: t.unit };
  });
  const limits = [...new Set(scales.flatMap((s) => s.memory_curve.map((c) => c.limit)))];
  const md = [
    `### ${scales.map((s) => fmtLines(s.order_lines)).join(" and ")} order lines side by side (${takenAt.slice(0, 10)}, ${machine})`,
    "",
    `| stage | ${scales.map((s) => `${fmtLines(s.order_lines)} wall s | ${fmtLines(s.order_lines)} peak RSS MB`).join(" | ")} |`,
    `| --- | ${scales.map(() => "---: | ---:").join(" | ")} |`,
    ...names.map((n) => `| ${n} | ${scales.map((s) => cell(s, n)).join(" | ")} |`),
    "",
    `| Tierboard / floor | ${scales.map((s) => fmtLines(s.order_lines)).join(" | ")} |`,
    `| --- | ${scales.map(() => "---:").join(" | ")} |`,
    ...([["ingest", "ingest / the floor's read"], ["models_and_tests", "models + tests / the floor's compute"], ["ingest_plus_models", "ingest + models / read + compute"]] as const).map(
      ([k, label]) => `| ${label} | ${scales.map((s) => (s.ratio_to_floor ? `${s.ratio_to_floor[k]}x` : "–")).join(" | ")} |`,
    ),
    `| the floor's read + compute, s | ${scales.map((s) => (s.floor_ms ? `${Math.round((s.floor_ms.read_ms + s.floor_ms.compute_ms) / 100) / 10}` : "–")).join(" | ")} |`,
    "",
    ...(limits.length
      ? [
          "Memory limit against the model run (every model built again), wall s / peak RSS MB:",
          "",
          `| DuckDB memory_limit | ${scales.map((s) => fmtLines(s.order_lines)).join(" | ")} |`,
          `| --- | ${scales.map(() => "---:").join(" | ")} |`,
          ...limits.map((l) => `| ${l} | ${scales.map((s) => { const c = s.memory_curve.find((x) => x.limit === l); return c ? `${c.wall_s}${c.ok ? "" : " (FAILED)"} / ${c.peak_rss_mb ?? "–"}` : "–"; }).join(" | ")} |`),
          "",
        ]
      : []),
    ...scales.filter((s) => Object.keys(s.incremental_month_steps_s).length).map((s) => `One more month at ${fmtLines(s.order_lines)}, where the whole build's time went (s): ${Object.entries(s.incremental_month_steps_s).map(([k, v]) => `${k} ${v}`).join(", ")}.`),
    "",
    ...(targets.length
      ? ["Against the targets (issue 14):", "", "| | when filed | this run | target | |", "| --- | ---: | ---: | ---: | --- |", ...targets.map((t) => `| ${t.what} | ${t.then} | ${t.value === null ? "–" : show(t.value, t.unit)} | ${t.limit} | ${t.verdict} |`), ""]
      : []),
  ].join("\n");
  return { md, targets: targets.map(({ what, limit, value, verdict }) => ({ what, limit, value, verdict })) };
}
