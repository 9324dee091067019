import { z } from "zod";
// The pure types file, not the module index: this schema is also bundled into client components.
import { METRIC_STATS } from "@/lib/metrics/types";

/*
 * The dashboard model. A widget is either a metric chart (series picked by resource, tag or the
 * dashboard's own target, one statistic, one chart type) or a built-in panel from the panel
 * registry (fleet table, cost breakdowns, …). Schemas and types share their names.
 */

export const DASHBOARD_KINDS = ["overview", "ec2-fleet", "ec2-instance", "eks-cluster", "costs", "custom"] as const;
export const DashboardKind = z.enum(DASHBOARD_KINDS);
export type DashboardKind = z.infer<typeof DashboardKind>;

export const CHART_TYPES = ["line", "area", "bar", "number", "table"] as const;
export const ChartType = z.enum(CHART_TYPES);
export type ChartType = z.infer<typeof ChartType>;

export const MetricStat = z.enum(METRIC_STATS);

export const RESOURCE_KINDS_WITH_METRICS = ["ec2_instance", "eks_cluster", "eks_node", "eks_pod"] as const;
export const MetricResourceKind = z.enum(RESOURCE_KINDS_WITH_METRICS);
export type MetricResourceKind = z.infer<typeof MetricResourceKind>;

const resourceId = z.string().trim().min(1).max(300);
const name = z.string().trim().min(1, "Enter a name.").max(80, "Use at most 80 characters.");

/** Which resources a metric widget reads. */
export const Selection = z.discriminatedUnion("by", [
  /** The dashboard's own resource (the instance or cluster it was generated for). */
  z.object({ by: z.literal("self") }),
  z.object({ by: z.literal("resources"), resourceKind: MetricResourceKind, resourceIds: z.array(resourceId).min(1, "Pick at least one resource.").max(20, "Pick at most 20 resources.") }),
  z.object({ by: z.literal("tag"), resourceKind: MetricResourceKind.default("ec2_instance"), key: z.string().trim().min(1, "Enter a tag key.").max(128), value: z.string().trim().max(256) }),
  /** Nodes or pods of an EKS cluster: the dashboard's own unless named (a duplicated dashboard names it). */
  z.object({ by: z.literal("cluster-children"), childKind: z.enum(["eks_node", "eks_pod"]), cluster: z.string().trim().min(1).max(100).optional() }),
]);
export type Selection = z.infer<typeof Selection>;

export const MetricRef = z.object({
  namespace: z.string().trim().min(1).max(256),
  metric: z.string().trim().min(1, "Pick a metric.").max(256),
});
export type MetricRef = z.infer<typeof MetricRef>;

export const PANEL_NAMES = [
  "instance-states",
  "eks-health",
  "top-cpu",
  "alerts",
  "cost-mtd",
  "last-sync",
  "fleet-table",
  "instance-details",
  "crashloop-pods",
  "node-groups",
  "cost-daily",
  "cost-by-service",
  "cost-by-tag",
  "cost-mom",
  "cost-drivers",
] as const;
export const PanelName = z.enum(PANEL_NAMES);
export type PanelName = z.infer<typeof PanelName>;

const layout = {
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, "Widget ids are 1–40 lowercase letters, digits or dashes."),
  title: name,
  /** Columns out of 4. */
  w: z.number().int().min(1).max(4),
  /** Rows: 1 small, 2 medium, 3 tall. */
  h: z.number().int().min(1).max(3),
};

export const MetricWidget = z.object({
  ...layout,
  type: z.literal("metric"),
  selection: Selection,
  metrics: z.array(MetricRef).min(1).max(4),
  stat: MetricStat,
  chart: ChartType,
  /** Most series drawn; more are ranked by their peak and cut. */
  limit: z.number().int().min(1).max(50).optional(),
});
export type MetricWidget = z.infer<typeof MetricWidget>;

export const PanelWidget = z.object({
  ...layout,
  type: z.literal("panel"),
  panel: PanelName,
  /** The instance or cluster a per-resource panel shows, when not the dashboard's own. */
  target: z.string().trim().min(1).max(100).optional(),
});
export type PanelWidget = z.infer<typeof PanelWidget>;

export const Widget = z.discriminatedUnion("type", [MetricWidget, PanelWidget]);
export type Widget = z.infer<typeof Widget>;

export const MAX_WIDGETS = 40;
export const Widgets = z
  .array(Widget)
  .max(MAX_WIDGETS, `A dashboard holds at most ${MAX_WIDGETS} widgets.`)
  .refine((ws) => new Set(ws.map((w) => w.id)).size === ws.length, "Widget ids must be unique.");

export const SaveDashboardInput = z.object({
  name,
  widgets: Widgets,
  /** The version the edit started from; a newer stored version is a conflict. */
  version: z.number().int().min(0),
});
export type SaveDashboardInput = z.infer<typeof SaveDashboardInput>;

export const CreateDashboardInput = z.object({
  name,
  /** Duplicate this dashboard (a ref, see dashboard-ref.ts); blank when absent. */
  copyOf: z.string().trim().min(1).max(400).optional(),
});
export type CreateDashboardInput = z.infer<typeof CreateDashboardInput>;
