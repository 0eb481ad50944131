// Observable Framework site configuration. Everything is served from this site: no CDN, no web
// fonts, no telemetry (set OBSERVABLE_TELEMETRY_DISABLE=true), so `dist/` works offline.
export default {
  // An audience build names its audience, so a reader knows whose rows the site holds.
  title: process.env.TIERBOARD_SITE_TITLE ? `Tierboard · ${process.env.TIERBOARD_SITE_TITLE}` : "Tierboard",
  root: "src",
  output: process.env.TIERBOARD_DIST ?? "dist",
  // The default theme pulls a web font from a font CDN; our stylesheet uses system fonts.
  globalStylesheets: [],
  style: "style.css",
  pages: [
    { name: "Overview", path: "/index" },
    { name: "Grades", path: "/grades" },
    { name: "Pareto", path: "/pareto" },
    { name: "TopN", path: "/topn" },
    { name: "Growth", path: "/growth" },
    { name: "Receivables", path: "/receivables" },
    { name: "Funnel", path: "/funnel" },
    { name: "Customers", path: "/customers" },
    { name: "Explore", path: "/explore" },
    { name: "Models", path: "/models" },
    { name: "Data sources", path: "/data-sources" },
  ],
  head: `<link rel="icon" href="favicon.svg" type="image/svg+xml">`,
  header: "",
  footer: "Built with Tierboard from your CRM/ERP exports.",
  search: false,
  pager: false,
  // Links keep their .html and index.html, so the site works from a plain file host.
  preserveIndex: true,
  preserveExtension: true,
};
