export interface Dimension {
  Name: string;
  Value: string;
}

export interface MetricSeries {
  namespace: string;
  metricName: string;
  /** Dimensions in the order the publisher sends them. */
  dimensions: Dimension[];
  key: string;
  unit: string;
  /** Seconds between raw samples: 300 for basic EC2 monitoring, 60 otherwise. */
  resolution: number;
  /** Epoch ms of the first and after the last sample (null: still publishing). */
  from: number;
  until: number | null;
  sample: (tSec: number) => number;
}

/** CloudWatch identifies a metric by namespace, name and the exact set of dimensions. */
export function seriesKey(namespace: string, metricName: string, dimensions: readonly Dimension[]): string {
  const dims = dimensions
    .map((d) => `${d.Name}=${d.Value}`)
    .sort()
    .join("\u0001");
  return `${namespace}\u0000${metricName}\u0000${dims}`;
}
