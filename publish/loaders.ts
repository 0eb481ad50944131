/**
 * What Framework's data loaders (src/data) print: one page file each, read from the warehouse
 * at TIERBOARD_WAREHOUSE (data/warehouse.duckdb by default). `tierboard build` does not start
 * them (publish/page-files.ts prefills their cache); `npm run dev` does, and `tierboard dev`
 * touches them whenever the warehouse changes so that an open page reloads its data.
 */
import { resolve } from "node:path";
import { lineFile, makeOnePageFile } from "./page-files.ts";

export const warehousePath = () => resolve(process.env.TIERBOARD_WAREHOUSE ?? "data/warehouse.duckdb");

export const loaderOutput = (name: string) => makeOnePageFile(name, warehousePath());

/** One customer detail file (the customers whose file key is `key`), as the build writes it. */
export const detailFileOutput = (key: string) => lineFile(warehousePath(), key);
