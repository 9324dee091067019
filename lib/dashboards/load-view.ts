import type { TenantContext } from "@/lib/auth/guard";
import { withTenant, type Tx } from "@/lib/db";
import { logger } from "@/lib/log";
import { bucketCacheFor } from "@/lib/metrics";
import { parseDashboardRef, type DashboardRef } from "./dashboard-ref";
import { resolveDashboard, type Dashboard } from "./get-dashboard";
import { inventoryMoment } from "./inventory";
import { PANELS } from "./panels/registry";
import type { PanelArgs, PanelDataMap } from "./panels/types";
import { querySelected, type MetricsQueryResponse } from "./query-series";
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

async function loadWidget(tx: Tx, w: Widget, base: Omit<PanelArgs, "target" | "tx">, ref: DashboardRef): Promise<WidgetData> {
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
  const initial = series.length
    ? await querySelected(
        tx,
        series,
        {
          from: base.from,
          to: base.to,
          stat: m.stat,
          ...(base.asOf ? { asOf: base.asOf } : {}),
          ...(m.limit ? { limit: m.limit } : {}),
          ...(m.chart === "number" || m.chart === "table" ? { maxPoints: INITIAL_SUMMARY_POINTS } : {}),
        },
        { cache: bucketCacheFor(base.ctx.db), series: rows },
      )
    : null;
  return {
    initial,
    kind: "metric",
    series: series.map((s) => ({ id: s.id, label: s.label, unit: s.unit, resourceId: s.resourceId, metric: s.metric })),
    missing,
    help: helpKey ? MISSING_DATA_HELP[helpKey] : null,
  };
}

/**
 * A dashboard and what each widget needs to draw: panel data computed here, metric widgets'
 * series resolved here and fetched by the browser from /api/metrics/query. Each widget runs in
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
      const base = { ctx, from, to, now, memo, ...(asOf ? { asOf } : {}) };
      const widgets: WidgetView[] = [];
      for (const widget of dashboard.widgets) {
        try {
          widgets.push({ widget, data: await tx.transaction((sp) => loadWidget(sp, widget, base, parsed)) });
        } catch (error) {
          logger.error({ err: error, dashboard: dashboard.ref, widget: widget.id }, "dashboard widget failed to load");
          widgets.push({ widget, data: { kind: "error", message: "This widget could not be loaded. Try again in a moment." } });
        }
      }
      return { dashboard, widgets, range: { from: from.toISOString(), to: to.toISOString(), asOf: asOf?.toISOString() ?? null } };
    },
    { db: ctx.db },
  );
}
