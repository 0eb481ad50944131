// The grades page's data: main.json for the first screen, salespeople.json when a salesperson is chosen.
import { SITE_FILES } from "../../lib/site-files.ts";

process.stdout.write(await SITE_FILES["grades.zip"]!());
