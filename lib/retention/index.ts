// Data retention per plan: drops metric partitions past the longest retention, deletes older rows for shorter plans;
// sync history is kept SYNC_RUNS_RETENTION_DAYS for every plan.
export { runRetention, getRetentionSummary, retentionCutoff, LONGEST_RETENTION_DAYS, type RetentionResult, type RetentionSummary } from "./run-retention";
export { registerRetentionJobs, RETENTION_QUEUE } from "./retention-job";
export { pruneSyncRuns, SYNC_RUNS_RETENTION_DAYS } from "./prune-sync-runs";
