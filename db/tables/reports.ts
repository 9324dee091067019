import { bigint, boolean, customType, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./core";

/*
 * Reports (issue #7): generated files and their content, schedules and their runs, and the
 * tenant's branding (logo on chargeback statements). Every table is a tenant table: tenant_id leads
 * each key, db/rls.sql forces row-level security. File content lives in Postgres, cut into chunks
 * (see docs/decisions.md "Report files are stored as chunks in Postgres"), so any web replica can
 * serve a file any worker wrote and a large export never has to fit in one value or in memory.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const REPORT_FILE_STATUSES = ["queued", "running", "done", "failed"] as const;
export const REPORT_CADENCES = ["weekly", "monthly"] as const;
export const REPORT_RUN_STATUSES = ["running", "sent", "failed"] as const;

export const reportFiles = pgTable(
  "report_files",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    title: text("title").notNull(),
    kind: text("kind").notNull(),
    format: text("format").notNull(),
    /** The validated ReportRequest (lib/reports/schemas.ts) the file was made from. */
    request: jsonb("request").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: REPORT_FILE_STATUSES }).notNull().default("queued"),
    /** 0–100 while running. */
    progress: smallint("progress").notNull().default(0),
    error: text("error"),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull().default(0),
    chunks: integer("chunks").notNull().default(0),
    createdBy: uuid("created_by"),
    /** Kept with the file: the list says who made it even after they leave the workspace. */
    createdByName: text("created_by_name").notNull(),
    scheduleId: uuid("schedule_id"),
    createdAt: ts("created_at").notNull().defaultNow(),
    startedAt: ts("started_at"),
    /** Bumped with progress; a running file that stops moving belonged to a worker that died. */
    heartbeatAt: ts("heartbeat_at"),
    finishedAt: ts("finished_at"),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("report_files_created_idx").on(t.tenantId, t.createdAt),
    index("report_files_status_idx").on(t.tenantId, t.status),
    index("report_files_expires_idx").on(t.tenantId, t.expiresAt),
  ],
);

export const reportFileChunks = pgTable(
  "report_file_chunks",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    fileId: uuid("file_id").notNull(),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.fileId, t.seq] })],
);

export const reportSchedules = pgTable(
  "report_schedules",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    request: jsonb("request").$type<Record<string, unknown>>().notNull(),
    cadence: text("cadence", { enum: REPORT_CADENCES }).notNull(),
    recipients: text("recipients").array().notNull(),
    paused: boolean("paused").notNull().default(false),
    nextRunAt: ts("next_run_at").notNull(),
    lastRunAt: ts("last_run_at"),
    createdBy: uuid("created_by"),
    createdByName: text("created_by_name").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("report_schedules_due_idx").on(t.tenantId, t.paused, t.nextRunAt)],
);

export const reportRuns = pgTable(
  "report_runs",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    scheduleId: uuid("schedule_id").notNull(),
    /** The run's slot (the schedule's next_run_at when it was claimed): one run per slot. */
    dueAt: ts("due_at").notNull(),
    status: text("status", { enum: REPORT_RUN_STATUSES }).notNull().default("running"),
    fileId: uuid("file_id"),
    /** "attachment" or "link". */
    delivery: text("delivery"),
    recipients: text("recipients").array().notNull(),
    error: text("error"),
    startedAt: ts("started_at").notNull().defaultNow(),
    finishedAt: ts("finished_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("report_runs_schedule_idx").on(t.tenantId, t.scheduleId, t.startedAt),
    uniqueIndex("report_runs_slot_key").on(t.tenantId, t.scheduleId, t.dueAt),
  ],
);

export const tenantBranding = pgTable("tenant_branding", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  logo: bytea("logo"),
  logoContentType: text("logo_content_type"),
  updatedBy: uuid("updated_by"),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});
