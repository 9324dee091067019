import type { MetricRef } from "@/lib/dashboards/schemas";
import type { PageSize, RangePresetId, ReportFormat, ReportKind, ReportRequestInput, ReportResolution } from "@/lib/reports/schemas";
import type { MetricStat } from "@/lib/metrics/types";

/** Everything the report form holds; toRequest turns it into the API's ReportRequest. */
export type FormState = {
  kind: ReportKind;
  title: string;
  sourceBy: "resources" | "dashboard" | "tag";
  resourceKind: "ec2_instance" | "eks_cluster";
  resourceIds: string[];
  dashboard: string;
  tagKey: string;
  tagValue: string;
  metrics: MetricRef[];
  preset: RangePresetId;
  from: string;
  to: string;
  stat: MetricStat;
  resolution: ReportResolution;
  includeCosts: boolean;
  costTagKey: string;
  month: string;
  ownerBy: "tag" | "owner";
  owner: string;
  format: ReportFormat;
  pageSize: PageSize;
};

export function initialState(now = new Date()): FormState {
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  return {
    kind: "metrics",
    title: "",
    sourceBy: "resources",
    resourceKind: "ec2_instance",
    resourceIds: [],
    dashboard: "overview",
    tagKey: "",
    tagValue: "",
    metrics: [],
    preset: "7d",
    from: "",
    to: "",
    stat: "avg",
    resolution: "auto",
    includeCosts: false,
    costTagKey: "",
    month: lastMonth,
    ownerBy: "owner",
    owner: "",
    format: "pdf",
    pageSize: "A4",
  };
}

/** `datetime-local` values are the user's wall clock; the API takes UTC instants. */
const instant = (local: string) => (local ? new Date(local).toISOString() : "");

export function toRequest(s: FormState): ReportRequestInput {
  const common = { format: s.format, pageSize: s.pageSize, ...(s.title.trim() ? { title: s.title.trim() } : {}) };
  const range = s.preset === "custom" ? { preset: s.preset, from: instant(s.from), to: instant(s.to) } : { preset: s.preset };
  if (s.kind === "costs") return { kind: "costs", ...common, range, ...(s.costTagKey.trim() ? { tagKey: s.costTagKey.trim() } : {}) };
  if (s.kind === "chargeback") {
    const [ownerKind, ownerId] = s.owner.split(":");
    const owner =
      s.ownerBy === "tag"
        ? { by: "tag" as const, key: s.tagKey, value: s.tagValue }
        : { by: "owner" as const, ownerKind: (ownerKind || "team") as "user" | "team" | "cost_center", ownerId: ownerId ?? "" };
    return { kind: "chargeback", ...common, month: s.month, owner };
  }
  const source =
    s.sourceBy === "dashboard"
      ? { by: "dashboard" as const, dashboard: s.dashboard }
      : s.sourceBy === "tag"
        ? { by: "tag" as const, resourceKind: s.resourceKind, key: s.tagKey, value: s.tagValue }
        : { by: "resources" as const, resourceKind: s.resourceKind, resourceIds: s.resourceIds };
  return { kind: "metrics", ...common, range, source, metrics: s.metrics, stat: s.stat, resolution: s.resolution, includeCosts: s.includeCosts };
}
