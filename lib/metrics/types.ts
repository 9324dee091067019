export type SeriesDef = {
  /** uuid of the AWS connection */
  connectionId: string;
  region: string;
  /** "ec2_instance" | "eks_cluster" | "eks_pod" | "eks_node" | … */
  resourceKind: string;
  /** e.g. "i-0abc…", a cluster name, or "cluster/namespace/pod" */
  resourceId: string;
  /** "AWS/EC2" | "CWAgent" | "ContainerInsights" */
  namespace: string;
  metric: string;
  /** CloudWatch dimensions, e.g. { InstanceId: "i-…" } */
  dimensions: Record<string, string>;
  /** "Average" | "Maximum" | "Sum" | … */
  stat: string;
  /** "Percent" | "Bytes" | "Count" | … */
  unit: string;
  /** collection period, 60 or 300 */
  periodSeconds: number;
};

export type SeriesRow = SeriesDef & { id: number; tenantId: string; lastPointAt: Date | null };

export type SeriesFilter = {
  connectionId?: string;
  resourceKind?: string;
  resourceIds?: string[];
  namespace?: string;
  metric?: string;
};

export type Point = { seriesId: number; ts: Date; value: number };

export type WriteResult = { inserted: number; revised: number; unchanged: number };

export const METRIC_STATS = ["avg", "min", "max", "sum", "count", "p95"] as const;
export type MetricStat = (typeof METRIC_STATS)[number];

export type Resolution = "raw" | "5m" | "1h";

export type MetricQuery = {
  seriesIds: number[];
  from: Date;
  to: Date;
  stat: MetricStat;
  /** Minimum bucket in seconds. */
  step?: number;
  /** Recorded time: values as Monitr knew them at that moment. */
  asOf?: Date;
  /** Per series; default 1000. */
  maxPoints?: number;
};

export type MetricQueryResult = {
  resolution: Resolution;
  bucketSeconds: number;
  series: { seriesId: number; points: { ts: Date; value: number }[] }[];
};
