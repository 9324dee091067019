import path from "node:path";
import { backupDatabase, defaultBackupName } from "@/lib/backup";
import { backupTarget } from "./backup-target";
import { DATA_DIR } from "./runtime";

/*
 * npm run backup [-- <file>]   pg_dump (custom format) of DATABASE_URL or the embedded database.
 * Default file: $BACKUP_DIR (or .data/backups)/monitr-<UTC time>.dump. See README "Backups".
 */
const out = process.argv[2] ?? path.join(process.env.BACKUP_DIR || path.join(DATA_DIR, "backups"), defaultBackupName());
const { url, cluster } = await backupTarget();
let code = 0;
try {
  const { file, bytes, pgDump } = await backupDatabase({ url, file: path.resolve(out) });
  console.log(`backup written: ${file} (${(bytes / 1024 / 1024).toFixed(2)} MiB, ${pgDump})`);
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`);
  code = 1;
} finally {
  await cluster?.stop();
}
process.exit(code);
