// The funnel page's data, read from the marts.
import { funnel } from "../../lib/site-data.ts";

process.stdout.write(JSON.stringify(await funnel()));
