/** Numbers for people, in the reader's locale (LANG / LC_ALL, through Intl). */
const locale = () => Intl.NumberFormat().resolvedOptions().locale;

export const formatInt = (n: number) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(n);

export const formatPct = (share: number) =>
  new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }).format(share);

export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: i === 0 ? 0 : 1 }).format(n)} ${units[i]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
  const m = Math.floor(ms / 60000);
  return `${m} min ${Math.round((ms % 60000) / 1000)} s`;
}
