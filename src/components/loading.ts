/**
 * The sign that data is on its way: while a file a choice asked for is fetched (a breakdown, a
 * salesperson's rows, the full customer list), the page says "Loading…" in a status line that
 * screen readers announce, marks the main area busy and dims its cards, so the chart still on
 * screen is not read as the answer to the new choice.
 */
import { t } from "./i18n.js";

let pending = 0;
let status: HTMLElement | null = null;

function update(): void {
  const main = document.querySelector("#observablehq-main") ?? document.body;
  if (!status) {
    status = document.createElement("div");
    status.className = "loading-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    document.body.append(status);
  }
  const busy = pending > 0;
  if (busy) main.setAttribute("aria-busy", "true");
  else main.removeAttribute("aria-busy");
  document.documentElement.toggleAttribute("data-loading", busy);
  status.textContent = busy ? t("Loading…") : "";
}

/** Shows the loading state until `work` settles, and returns what it returns. */
export async function loading<T>(work: Promise<T>): Promise<T> {
  pending++;
  update();
  try {
    return await work;
  } finally {
    pending--;
    update();
  }
}
