// The receivables page's data, read from the marts.
import { receivables } from "../../lib/site-data.ts";

process.stdout.write(JSON.stringify(await receivables()));
