import { bigint, doublePrecision, integer, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";

/*
 * Typed handles on the range-partitioned tables created by the custom migration
 * db/migrations/0003_metric_points.sql. They live here, not under db/tables/, because
 * drizzle-kit cannot create partitioned tables and must not try. The series table itself is
 * in db/tables/metrics.ts.
 */

const tsz = (name: string) => timestamp(name, { withTimezone: true });

export const metricPoints = pgTable("metric_points", {
  tenantId: uuid("tenant_id").notNull(),
  seriesId: bigint("series_id", { mode: "number" }).notNull(),
  ts: tsz("ts").notNull(),
  value: doublePrecision("value").notNull(),
  recordedFrom: tsz("recorded_from").notNull(),
  // 'infinity' while current; compare in SQL (recorded_to = 'infinity') rather than reading it.
  recordedTo: tsz("recorded_to").notNull(),
});

// A function, so each table gets its own column builders.
const rollupColumns = () => ({
  tenantId: uuid("tenant_id").notNull(),
  seriesId: bigint("series_id", { mode: "number" }).notNull(),
  bucket: tsz("bucket").notNull(),
  min: doublePrecision("min").notNull(),
  max: doublePrecision("max").notNull(),
  sum: doublePrecision("sum").notNull(),
  count: integer("count").notNull(),
});

export const metricRollups5m = pgTable("metric_rollups_5m", rollupColumns());
export const metricRollups1h = pgTable("metric_rollups_1h", rollupColumns());

/** The partitioned parents, in the order partitions are created and dropped. */
export const PARTITIONED_TABLES = ["metric_points", "metric_rollups_5m", "metric_rollups_1h"] as const;
