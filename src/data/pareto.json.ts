// The pareto page's data, read from the marts.
import { pareto } from "../../lib/site-data.ts";

process.stdout.write(JSON.stringify(await pareto()));
