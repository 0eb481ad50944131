// The models page's data, read from the marts.
import { models } from "../../lib/site-data.ts";

process.stdout.write(JSON.stringify(await models()));
