// Observable Framework site configuration. Everything is served from this site: no CDN, no web
// fonts, no telemetry (set OBSERVABLE_TELEMETRY_DISABLE=true), so `dist/` works offline.
import { loadConfig } from "./lib/config.ts";
import { setLocale, t as tr } from "./src/components/i18n.ts";
import { KEY_CHARTS } from "./src/components/charts.ts";

const config = loadConfig();
// `tierboard build --locale` overrides tierboard.yml for one build.
const locale = process.env.TIERBOARD_LOCALE === "zh-CN" || process.env.TIERBOARD_LOCALE === "en" ? process.env.TIERBOARD_LOCALE : config.locale;
setLocale(locale);
const escapeAttr = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

export default {
  // An audience build names its audience, so a reader knows whose rows the site holds.
  title: process.env.TIERBOARD_SITE_TITLE ? `Tierboard · ${process.env.TIERBOARD_SITE_TITLE}` : "Tierboard",
  root: "src",
  output: process.env.TIERBOARD_DIST ?? "dist",
  // The default theme pulls a web font from a font CDN; our stylesheet uses system fonts.
  globalStylesheets: [],
  style: "style.css",
  pages: [
    { name: tr("Overview"), path: "/index" },
    { name: tr("Grades"), path: "/grades" },
    { name: tr("Pareto"), path: "/pareto" },
    { name: tr("TopN"), path: "/topn" },
    { name: tr("Growth"), path: "/growth" },
    { name: tr("Receivables"), path: "/receivables" },
    { name: tr("Funnel"), path: "/funnel" },
    { name: tr("Targets and service"), path: "/targets" },
    { name: tr("Customer strategy"), path: "/strategy" },
    { name: tr("Customers"), path: "/customers" },
    { name: tr("Explore"), path: "/explore" },
    { name: tr("Monthly report"), path: "/report" },
    { name: tr("Models"), path: "/models" },
    { name: tr("Data sources"), path: "/data-sources" },
  ],
  // Chart-only pages for iframes, one per key chart (src/embed/[chart].md).
  dynamicPaths: KEY_CHARTS.map((c) => `/embed/${c}`),
  head: `<link rel="icon" href="favicon.svg" type="image/svg+xml">
<meta name="tierboard-locale" content="${escapeAttr(locale)}"><meta name="tierboard-currency" content="${escapeAttr(config.currency)}">
<script type="module">document.getElementById("observablehq-sidebar-toggle")?.setAttribute("title", ${JSON.stringify(tr("Toggle sidebar"))});document.documentElement.lang = ${JSON.stringify(locale)};</script>`,
  header: "",
  footer: tr("Built with Tierboard from your CRM/ERP exports."),
  search: false,
  pager: false,
  // Links keep their .html and index.html, so the site works from a plain file host.
  preserveIndex: true,
  preserveExtension: true,
};
