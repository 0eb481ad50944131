// The grades page's data, read from the marts.
import { grades } from "../../lib/site-data.ts";

process.stdout.write(JSON.stringify(await grades()));
