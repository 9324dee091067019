import type { MetricStat } from "@/lib/metrics";
import { utc } from "./pdf/document-shell";
import type { ReportWindow } from "./render-types";
import type { ReportRequest, ReportResolution } from "./schemas";

export const STAT_LABELS: Record<MetricStat, string> = { avg: "Average", min: "Minimum", max: "Maximum", sum: "Sum", count: "Sample count", p95: "95th percentile" };
export const RESOLUTION_LABELS: Record<ReportResolution, string> = { auto: "Automatic", raw: "Every datapoint", "5m": "5 minutes", "1h": "1 hour", "1d": "1 day" };

const DEFAULT_TITLES: { [K in ReportRequest["kind"]]: (r: Extract<ReportRequest, { kind: K }>) => string } = {
  metrics: () => "Metrics report",
  costs: () => "Cost report",
  chargeback: (r) => `Chargeback statement ${r.month}`,
};

export function reportTitle(request: ReportRequest): string {
  if (request.title) return request.title;
  const make = DEFAULT_TITLES[request.kind] as (r: ReportRequest) => string;
  return make(request);
}

/** The facts every title page and email states about time. */
export function timeFacts(window: ReportWindow): [string, string][] {
  return [
    ["Range", `${utc(window.from)} – ${utc(window.to)}`],
    ["Generated at", utc(window.generatedAt)],
    ["Data as known at", `${utc(window.asOf ?? window.generatedAt)}${window.asOf ? " (a past view: later revisions are not included)" : ""}`],
  ];
}

/** `metrics-2026-01-05.csv`-style names. */
export function fileName(request: ReportRequest, window: ReportWindow, extension: string): string {
  const slug = reportTitle(request)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60) || request.kind;
  return `${slug}-${window.from.toISOString().slice(0, 10)}-to-${new Date(window.to.getTime() - 1).toISOString().slice(0, 10)}.${extension}`;
}
