import type { TenantContext } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db";
import { renderChargebackCsv, renderChargebackPdf } from "./chargeback-report";
import { renderCostsCsv } from "./costs-csv";
import { renderCostsPdf } from "./costs-pdf";
import { chartGroups, renderMetricsPdf } from "./metrics-pdf";
import { estimateMetricRows, renderMetricsCsv } from "./metrics-csv";
import { loadDashboardWidgets, resolveReportSeries } from "./metric-series";
import type { Renderer } from "./render-types";
import type { ChargebackReportRequest, CostsReportRequest, MetricsReportRequest, ReportFormat, ReportKind, ReportRequest } from "./schemas";
import { monthRange, resolveRange } from "./time";

/** How much work a report is: rows read and charts drawn. Decides inline vs job and scales progress. */
export type Work = { rows: number; charts: number };

type KindDef<R> = {
  label: string;
  description: string;
  /** One renderer per format; null where the kind has no such format (a type error to forget one). */
  renderers: Record<ReportFormat, Renderer<R> | null>;
  /** Valid-time window of the report, resolved at `now` (presets are relative). */
  window(request: R, now: Date): { from: Date; to: Date };
  estimate(ctx: TenantContext, request: R, window: { from: Date; to: Date; asOf?: Date }): Promise<Work>;
};

type KindRegistry = { [K in ReportKind]: KindDef<Extract<ReportRequest, { kind: K }>> };

/** The report kinds (the same registry serves on-demand files, jobs and schedules). */
export const REPORT_KINDS: KindRegistry = {
  metrics: {
    label: "Metrics",
    description: "Summary (avg / min / max / p95) and one chart per metric, or every datapoint as CSV.",
    renderers: { pdf: renderMetricsPdf, csv: renderMetricsCsv },
    window: (r: MetricsReportRequest, now) => resolveRange(r.range, now),
    async estimate(ctx, request, window) {
      const widgets = await loadDashboardWidgets(ctx, request);
      const series = await withTenant(ctx.tenant.id, (tx) => resolveReportSeries(tx, ctx, request, window, widgets), { db: ctx.db });
      return { rows: estimateMetricRows(series, request, window), charts: chartGroups(series).length };
    },
  },
  costs: {
    label: "Costs",
    description: "Total, by service, daily trend and month over month; CSV rows per day and service (and tag).",
    renderers: { pdf: renderCostsPdf, csv: renderCostsCsv },
    window: (r: CostsReportRequest, now) => resolveRange(r.range, now),
    estimate: async (_ctx, _request, window) => ({ rows: Math.ceil((window.to.getTime() - window.from.getTime()) / 86_400_000) * 30, charts: 1 }),
  },
  chargeback: {
    label: "Chargeback statement",
    description: "A month's costs of a person, team, cost center or tag value: by service, itemized, budget vs actual.",
    renderers: { pdf: renderChargebackPdf, csv: renderChargebackCsv },
    window: (r: ChargebackReportRequest, now) => {
      const m = monthRange(r.month);
      // The current month is stated up to now.
      return { from: m.from, to: new Date(Math.max(m.from.getTime() + 1, Math.min(m.to.getTime(), now.getTime()))) };
    },
    estimate: async () => ({ rows: 1000, charts: 0 }),
  },
};

/** The registry entry of a request, typed for it. */
export function kindOf<R extends ReportRequest>(request: R): KindDef<R> {
  return REPORT_KINDS[request.kind] as unknown as KindDef<R>;
}
