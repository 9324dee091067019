import { withTenant } from "@/lib/db";
import { fetchInBatches } from "./cursor";
import { writeCsv } from "./csv-writer";
import { BUCKET_SECONDS, metricRowsQuery, type MetricRow } from "./metric-rows";
import { loadDashboardWidgets, resolveReportSeries, type ReportSeries } from "./metric-series";
import type { RenderArgs } from "./render-types";
import type { MetricsReportRequest } from "./schemas";

export const METRIC_CSV_COLUMNS = ["timestamp", "resource", "metric", "statistic", "value", "unit"] as const;

/** Rows the export will have at most (for progress and for choosing between inline and a job). */
export function estimateMetricRows(series: Pick<ReportSeries, "periodSeconds">[], request: MetricsReportRequest, window: { from: Date; to: Date }): number {
  const seconds = (window.to.getTime() - window.from.getTime()) / 1000;
  const resolution = request.resolution === "auto" ? "raw" : request.resolution;
  return series.reduce((sum, s) => sum + Math.ceil(seconds / (resolution === "raw" ? s.periodSeconds : Math.max(s.periodSeconds, BUCKET_SECONDS[resolution]))), 0);
}

/**
 * One row per (timestamp, resource, metric, statistic, value, unit), ISO-8601 UTC timestamps,
 * ordered by series then time, streamed from a cursor. "Auto" exports every stored point (raw);
 * raw rows name the CloudWatch statistic of the point, bucketed rows the chosen one.
 */
export async function renderMetricsCsv(args: RenderArgs<MetricsReportRequest>): Promise<void> {
  const { ctx, request, window } = args;
  const resolution = request.resolution === "auto" ? "raw" : request.resolution;
  const widgets = await loadDashboardWidgets(ctx, request);
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const series = await resolveReportSeries(tx, ctx, request, window, widgets);
      const estimate = Math.max(1, estimateMetricRows(series, request, window));
      let rows = 0;
      await writeCsv(args.out, METRIC_CSV_COLUMNS, async (write) => {
        // One cursor per series: each is a plain range scan of one index in time order, on any
        // Postgres version, and the file comes out grouped by series.
        for (const s of series) {
          const query = metricRowsQuery({ seriesIds: [s.id], from: window.from, to: window.to, ...(window.asOf ? { asOf: window.asOf } : {}) }, resolution, request.stat);
          const statistic = resolution === "raw" ? s.stat : request.stat;
          for await (const batch of fetchInBatches<MetricRow>(tx, query)) {
            for (const r of batch) {
              const wait = write([r.ts, s.resourceId, s.metric, statistic, r.value, s.unit]);
              if (wait) await wait;
            }
            rows += batch.length;
            args.progress(rows / estimate);
          }
        }
      });
    },
    { db: ctx.db },
  );
}
