import { NotFoundError } from "@/lib/http/errors";
import type { DashboardKind } from "./schemas";

/**
 * A dashboard's address in URLs and APIs: `overview`, `ec2-fleet`, `costs`,
 * `ec2-instance.i-0abc…`, `eks-cluster.prod-main`, `custom.<uuid>`. Instance ids, EKS cluster
 * names and uuids contain no dot, so the first dot separates kind and target.
 */
export type DashboardRef = { kind: DashboardKind; target: string };

const TARGETED: Record<DashboardKind, RegExp | null> = {
  overview: null,
  "ec2-fleet": null,
  costs: null,
  "ec2-instance": /^i-[0-9a-zA-Z]{1,40}$/,
  "eks-cluster": /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/,
  custom: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
};

export function parseDashboardRef(raw: string): DashboardRef {
  const text = decodeURIComponent(raw);
  const dot = text.indexOf(".");
  const kind = (dot < 0 ? text : text.slice(0, dot)) as DashboardKind;
  const target = dot < 0 ? "" : text.slice(dot + 1);
  if (!Object.hasOwn(TARGETED, kind)) throw new NotFoundError("No such dashboard.");
  const pattern = TARGETED[kind];
  if (pattern ? !pattern.test(target) : target !== "") throw new NotFoundError("No such dashboard.");
  return { kind, target };
}

export function formatDashboardRef(ref: DashboardRef): string {
  return ref.target ? `${ref.kind}.${ref.target}` : ref.kind;
}

/** Where the dashboard lives in the tenant app. */
export function dashboardPath(ref: DashboardRef): string {
  const paths: Record<DashboardKind, (t: string) => string> = {
    overview: () => "/",
    "ec2-fleet": () => "/dashboards/ec2",
    costs: () => "/costs",
    "ec2-instance": (t) => `/dashboards/ec2/${encodeURIComponent(t)}`,
    "eks-cluster": (t) => `/dashboards/eks/${encodeURIComponent(t)}`,
    custom: (t) => `/dashboards/custom/${t}`,
  };
  return paths[ref.kind](ref.target);
}
