// The customers page's data, read from the marts.
import { customers } from "../../lib/site-data.ts";

process.stdout.write(JSON.stringify(await customers()));
