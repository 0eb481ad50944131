// period_comparison cut by grain and breakdown (growth/<grain>-<breakdown>.json), loaded on demand.
import { SITE_FILES } from "../../lib/site-files.ts";

process.stdout.write(await SITE_FILES["growth.zip"]!());
