// What the last ingest read, loaded and quarantined, for the data-sources page.
import { loaderOutput } from "../../publish/loaders.ts";

process.stdout.write(await loaderOutput("ingest.json"));
