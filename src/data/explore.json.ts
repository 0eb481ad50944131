// Explore's first screen: totals per value of each dimension (customer rows load when you combine).
import { explore } from "../../lib/site-data.ts";

process.stdout.write(JSON.stringify(await explore()));
