import type { TenantContext } from "@/lib/auth/guard";
import { withTenant, type Tx } from "@/lib/db";
import { logger } from "@/lib/log";
import { bucketCacheFor, type SeriesRow } from "@/lib/metrics";
import { parseDashboardRef, type DashboardRef } from "./dashboard-ref";
import { resolveDashboard, type Dashboard } from "./get-dashboard";
import { inventoryMoment } from "./inventory";
import { PANELS } from "./panels/registry";
import type { PanelArgs, PanelDataMap } from "./panels/types";
import { querySelectedBatch, type MetricsQueryResponse, type SelectedItem } from "./query-series";
import { resolveSelection, type ResolvedSeries } from "./resolve-selection";
import type { MetricRef, MetricWidget, PanelName, PanelWidget, Widget } from "./schemas";
import { INITIAL_SUMMARY_POINTS } from "./summary-points";
import { MISSING_DATA_HELP } from "./templates";

export type PanelView = { [K in PanelName]: { kind: "panel"; panel: K; data: PanelDataMap[K] } }[PanelName];
export type MetricView = {
  kind: "metric";
  series: Pick<ResolvedSeries, "id" | "label" | "unit" | "resourceId" | "metric">[];
  missing: MetricRef[];
  help: { title: string; body: string; link: string } | null;
  /** The widget's points for the view's range, read on the server so charts draw without a round trip. */
  initial: MetricsQueryResponse | null;
};
export type WidgetData = PanelView | MetricView | { kind: "error"; message: string };
export type WidgetView = { widget: Widget; data: WidgetData };
export type DashboardView = { dashboard: Dashboard; widgets: WidgetView[]; range: { from: string; to: string; asOf: string | null } };

async function loadPanel<K extends PanelName>(panel: K, args: PanelArgs): Promise<PanelView> {
  const data = await PANELS[panel].load(args);
  return { kind: "panel", panel, data } as PanelView;
}

/** A metric widget with its series resolved; its points are read with the other widgets' (readPoints). */
type Resolved = { kind: "resolved"; view: MetricView; query: SelectedItem | null; rows: SeriesRow[] };

async function loadWidget(tx: Tx, w: Widget, base: Omit<PanelArgs, "target" | "tx">, ref: DashboardRef): Promise<PanelView | Resolved> {
  if (w.type === "panel") return loadPanel((w as PanelWidget).panel, { ...base, tx, target: (w as PanelWidget).target ?? ref.target });
  const m = w as MetricWidget;
  const { series, missing, rows } = await resolveSelection(tx, {
    selection: m.selection,
    metrics: m.metrics,
    dashboard: ref,
    validAt: inventoryMoment(base),
    asOf: base.asOf,
    memo: base.memo,
  });
  const helpKey = missing.find((x) => MISSING_DATA_HELP[x.namespace])?.namespace;
  const query: SelectedItem | null = series.length
    ? {
        selected: series,
        q: {
          from: base.from,
          to: base.to,
          stat: m.stat,
          ...(base.asOf ? { asOf: base.asOf } : {}),
          ...(m.limit ? { limit: m.limit } : {}),
          ...(m.chart === "number" || m.chart === "table" ? { maxPoints: INITIAL_SUMMARY_POINTS } : {}),
        },
      }
    : null;
  const view: MetricView = {
    initial: null,
    kind: "metric",
    series: series.map((s) => ({ id: s.id, label: s.label, unit: s.unit, resourceId: s.resourceId, metric: s.metric })),
    missing,
    help: helpKey ? MISSING_DATA_HELP[helpKey] : null,
  };
  return { kind: "resolved", view, query, rows };
}

const FAILED: WidgetData = { kind: "error", message: "This widget could not be loaded. Try again in a moment." };

/**
 * The metric widgets' points, all in one queryMetricBuckets (one statement per source, through the
 * finished-bucket cache). Should that fail, each widget is read on its own, so only the widget at
 * fault shows an error.
 */
async function readPoints(tx: Tx, ctx: TenantContext, pending: { at: number; resolved: Resolved }[], widgets: WidgetView[], log: (error: unknown, widget: string) => void) {
  const items = pending.filter((p) => p.resolved.query);
  const options = { cache: bucketCacheFor(ctx.db), series: items.flatMap((p) => p.resolved.rows) };
  const place = (at: number, initial: MetricsQueryResponse) => (widgets[at] = { widget: widgets[at].widget, data: { ...(widgets[at].data as MetricView), initial } });
  try {
    const answers = await tx.transaction((sp) => querySelectedBatch(sp, items.map((p) => p.resolved.query!), options));
    items.forEach((p, k) => place(p.at, answers[k]));
  } catch {
    for (const p of items) {
      try {
        place(p.at, (await tx.transaction((sp) => querySelectedBatch(sp, [p.resolved.query!], options)))[0]);
      } catch (error) {
        log(error, widgets[p.at].widget.id);
        widgets[p.at] = { widget: widgets[p.at].widget, data: FAILED };
      }
    }
  }
}

/**
 * A dashboard and what each widget needs to draw: panel data computed here, metric widgets'
 * series resolved here and their points read together (readPoints), so charts draw without a
 * round trip; the browser asks /api/metrics/query again only to retry. Each widget resolves in
 * its own savepoint, so one failing widget shows its error and the others still draw.
 */
export async function loadDashboardView({ ctx, ref, from, to, asOf, now = new Date() }: { ctx: TenantContext; ref: string; from: Date; to: Date; asOf?: Date; now?: Date }): Promise<DashboardView> {
  const parsed = parseDashboardRef(ref);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const dashboard = await resolveDashboard(tx, ctx, parsed);
      const cache = new Map<string, Promise<unknown>>();
      const memo = <T>(key: string, compute: () => Promise<T>): Promise<T> => {
        if (!cache.has(key)) cache.set(key, compute());
        return cache.get(key) as Promise<T>;
      };
      const log = (error: unknown, widget: string) => logger.error({ err: error, dashboard: dashboard.ref, widget }, "dashboard widget failed to load");
      const base = { ctx, from, to, now, memo, ...(asOf ? { asOf } : {}) };
      const widgets: WidgetView[] = [];
      const pending: { at: number; resolved: Resolved }[] = [];
      for (const widget of dashboard.widgets) {
        try {
          const loaded = await tx.transaction((sp) => loadWidget(sp, widget, base, parsed));
          if (loaded.kind === "resolved") pending.push({ at: widgets.length, resolved: loaded });
          widgets.push({ widget, data: loaded.kind === "resolved" ? loaded.view : loaded });
        } catch (error) {
          log(error, widget.id);
          widgets.push({ widget, data: FAILED });
        }
      }
      await readPoints(tx, ctx, pending, widgets, log);
      return { dashboard, widgets, range: { from: from.toISOString(), to: to.toISOString(), asOf: asOf?.toISOString() ?? null } };
    },
    { db: ctx.db },
  );
}
