// What the last ingest read, loaded and quarantined, for the data-sources page.
import { SITE_FILES } from "../../lib/site-files.ts";

process.stdout.write(await SITE_FILES["ingest.json"]!());
