import { pipeline } from "node:stream/promises";
import { renderToStream } from "@react-pdf/renderer";
import { loadCostView, type CostView } from "@/lib/dashboards";
import { withTenant } from "@/lib/db";
import { queryMetrics } from "@/lib/metrics";
import { loadLogo } from "./branding";
import { RESOLUTION_LABELS, STAT_LABELS, reportTitle, timeFacts } from "./describe";
import { BUCKET_SECONDS, summaryQuery } from "./metric-rows";
import { describeSource, loadDashboardWidgets, resolveReportSeries, type ReportSeries } from "./metric-series";
import type { Logo } from "./pdf/document-shell";
import { MetricsDocument, type MetricChart, type SummaryRow } from "./pdf/metrics-document";
import type { RenderArgs } from "./render-types";
import type { MetricsReportRequest } from "./schemas";

/** Lines one chart draws; beyond that the busiest are drawn and the rest named in a note. */
export const MAX_LINES_PER_CHART = 8;
/** Points per line: a chart is ~500 pt wide, more would not show. */
const CHART_POINTS = 300;

type Summary = { seriesId: string; avg: number | null; min: number | null; max: number | null; p95: number | null; count: number };

const display = (s: ReportSeries) => (s.resourceName ? `${s.resourceName} (${s.resourceId})` : s.resourceId);

/** Charts the report will draw: one per metric of the selection. */
export function chartGroups(series: ReportSeries[]): ReportSeries[][] {
  const groups = new Map<string, ReportSeries[]>();
  for (const s of series) {
    const key = `${s.namespace}|${s.metric}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()];
}

export async function renderMetricsPdf(args: RenderArgs<MetricsReportRequest>): Promise<void> {
  const { ctx, request, window } = args;
  const widgets = await loadDashboardWidgets(ctx, request);
  const asOf = window.asOf ? { asOf: window.asOf } : {};
  const data = await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const series = await resolveReportSeries(tx, ctx, request, window, widgets);
      args.progress(0.05);
      const stats = new Map<number, Summary>();
      if (series.length) {
        const rows = await tx.execute<{ series_id: string; avg: number | null; min: number | null; max: number | null; p95: number | null; count: number }>(
          summaryQuery({ seriesIds: series.map((s) => s.id), from: window.from, to: window.to, ...asOf }),
        );
        for (const r of rows.rows) stats.set(Number(r.series_id), { seriesId: r.series_id, avg: r.avg, min: r.min, max: r.max, p95: r.p95, count: r.count });
      }
      args.progress(0.3);
      const groups = chartGroups(series);
      // The busiest lines (highest max) are the ones a reader needs to see.
      const drawnByGroup = groups.map((group) => {
        const ranked = [...group].sort((a, b) => (stats.get(b.id)?.max ?? -Infinity) - (stats.get(a.id)?.max ?? -Infinity));
        return { ranked, drawn: ranked.slice(0, MAX_LINES_PER_CHART) };
      });
      const step = request.resolution === "auto" || request.resolution === "raw" ? undefined : BUCKET_SECONDS[request.resolution];
      // One query for every drawn line: one round trip instead of one per chart.
      const result = series.length
        ? await queryMetrics(tx, { seriesIds: drawnByGroup.flatMap((g) => g.drawn.map((s) => s.id)), from: window.from, to: window.to, stat: request.stat, maxPoints: CHART_POINTS, ...(step ? { step } : {}), ...asOf })
        : { bucketSeconds: 300, series: [] };
      args.progress(0.8);
      const points = new Map(result.series.map((s) => [s.seriesId, s.points.map((p): [number, number] => [p.ts.getTime(), p.value])]));
      const charts: MetricChart[] = drawnByGroup.map(({ ranked, drawn }) => ({
        title: ranked[0].metric,
        unit: ranked[0].unit,
        lines: drawn.map((s) => ({ label: display(s), points: points.get(s.id) ?? [] })),
        ...(ranked.length > drawn.length ? { note: `The ${drawn.length} highest of ${ranked.length} series are drawn; the summary table lists all.` } : {}),
      }));
      const bucketMs = result.bucketSeconds * 1000;
      const costs: CostView | null = request.includeCosts ? await loadCostView(tx, { from: window.from, to: new Date(window.to.getTime() - 1), now: window.generatedAt, ...asOf }) : null;
      const logo: Logo | null = await loadLogo(tx);
      const summary: SummaryRow[] = series.map((s) => {
        const st = stats.get(s.id);
        return { resource: display(s), metric: s.metric, unit: s.unit, avg: st?.avg ?? null, min: st?.min ?? null, max: st?.max ?? null, p95: st?.p95 ?? null };
      });
      return { series, summary, charts, costs, logo, bucketMs };
    },
    { db: ctx.db },
  );
  const facts: [string, string][] = [
    ["Covers", describeSource(request, widgets?.name ?? null)],
    ...timeFacts(window),
    ["Charts", `${STAT_LABELS[request.stat]}, ${RESOLUTION_LABELS[request.resolution].toLowerCase()} resolution`],
    ["Series", String(data.series.length)],
  ];
  const element = (
    <MetricsDocument
      meta={{ title: reportTitle(request), tenantName: ctx.tenant.name, logo: data.logo, facts }}
      pageSize={request.pageSize}
      summary={data.summary}
      charts={data.charts}
      range={{ from: window.from.getTime(), to: window.to.getTime(), bucketMs: data.bucketMs || 300_000 }}
      costs={data.costs}
      statLabel={`Each point is the ${STAT_LABELS[request.stat].toLowerCase()} of its bucket.`}
    />
  );
  const stream = await renderToStream(element);
  args.progress(0.95);
  await pipeline(stream, args.out);
}
