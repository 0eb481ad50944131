// The funnel's data: main.json for everyone and per department, salespeople.json per salesperson.
import { SITE_FILES } from "../../lib/site-files.ts";

process.stdout.write(await SITE_FILES["funnel.zip"]!());
