// The overview page's data, read from the marts.
import { overview } from "../../lib/site-data.ts";

process.stdout.write(JSON.stringify(await overview()));
