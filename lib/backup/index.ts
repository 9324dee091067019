// Backups: pg_dump / pg_restore (custom format) around Monitr's database, roles and migrations.
export { backupDatabase, restoreDatabase, defaultBackupName } from "./backup-restore";
export { resolvePgTool, serverMajor, libpqEnv } from "./pg-tools";
