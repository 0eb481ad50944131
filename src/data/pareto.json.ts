// The pareto page's data, read from the marts.
import { SITE_FILES } from "../../lib/site-files.ts";

process.stdout.write(await SITE_FILES["pareto.json"]!());
