import path from "node:path";
import { restoreDatabase } from "@/lib/backup";
import { backupTarget } from "./backup-target";

/*
 * npm run restore -- <file> [--replace]
 * Restores a dump made by `npm run backup` into DATABASE_URL (or the embedded database). The
 * target must be empty unless --replace is given (then existing objects are dropped first).
 * Stop the web and worker processes first.
 */
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("usage: npm run restore -- <file.dump> [--replace]");
  process.exit(2);
}
const { url, cluster } = await backupTarget();
let code = 0;
try {
  const { pgRestore } = await restoreDatabase({ url, file: path.resolve(file), replace: args.includes("--replace") });
  console.log(`restored ${file} (${pgRestore}); migrations and row-level security re-applied`);
} catch (error) {
  console.error(`restore failed: ${(error as Error).message}`);
  code = 1;
} finally {
  await cluster?.stop();
}
process.exit(code);
