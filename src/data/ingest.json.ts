// What the last ingest read, loaded and quarantined, for the data-sources page.
import { readIngestSummary } from "../../lib/marts.ts";

process.stdout.write(JSON.stringify(await readIngestSummary()));
