/*
 * The metric store: series catalogue, bitemporal raw points in daily partitions, 5-minute and
 * hourly rollups, and one query API for charts. docs/architecture.md ("Metric store") has the
 * design; the tables are db/tables/metrics.ts and migration 0003_metric_points.sql.
 */
export type {
  MetricQuery,
  MetricQueryResult,
  MetricStat,
  Point,
  Resolution,
  SeriesDef,
  SeriesFilter,
  SeriesRow,
  WriteResult,
} from "./types";
export { METRIC_STATS } from "./types";
export { upsertSeries, listSeries } from "./upsert-series";
export { writePoints } from "./write-points";
export { queryMetrics, queryMetricsBatch, queryMetricBuckets, type QueryOptions, type BucketQueryResult } from "./query-metrics";
export { BucketSeries } from "./bucket-series";
export { BucketCache, bucketCacheFor, type BucketCacheOptions } from "./bucket-cache";
export { ensurePartitions, dropPartitionsBefore } from "./partitions";
export { dimensionsKey } from "./dimensions-key";
export { pickResolution, MIN_POINTS, DEFAULT_MAX_POINTS } from "./pick-resolution";
export { metricPoints, metricRollups5m, metricRollups1h } from "./tables";
