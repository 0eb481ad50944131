// Explore's first screen: totals per value of each dimension (customer rows load when you combine).
import { SITE_FILES } from "../../lib/site-files.ts";

process.stdout.write(await SITE_FILES["explore.json"]!());
