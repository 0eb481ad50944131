// Observable Framework site configuration. Everything is served from this site: no CDN, no web
// fonts, no telemetry (set OBSERVABLE_TELEMETRY_DISABLE=true), so `dist/` works offline.
export default {
  title: "Tierboard",
  root: "src",
  output: process.env.TIERBOARD_DIST ?? "dist",
  // The default theme pulls a web font from a font CDN; our stylesheet uses system fonts.
  globalStylesheets: [],
  style: "style.css",
  pages: [{ name: "Data sources", path: "/" }],
  head: `<link rel="icon" href="favicon.svg" type="image/svg+xml">`,
  header: "",
  footer: "Built with Tierboard from your CRM/ERP exports.",
  search: false,
  // Links keep their .html and index.html, so the site works from a plain file host.
  preserveIndex: true,
  preserveExtension: true,
};
