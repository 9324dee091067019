import { Text, View } from "@react-pdf/renderer";
import type { CostSummary } from "@/lib/costs";
import type { PageSize } from "../schemas";
import { formatValue } from "./chart-geometry";
import { CostSection } from "./cost-section";
import { ReportDocument, Table, type DocumentMeta } from "./document-shell";
import { LineChart, type ChartLine } from "./line-chart";
import { styles } from "./styles";

export type SummaryRow = { resource: string; metric: string; unit: string; avg: number | null; min: number | null; max: number | null; p95: number | null };
export type MetricChart = { title: string; unit: string; lines: ChartLine[]; note?: string };

const cell = (v: number | null) => (v === null ? "—" : formatValue(v));

/** The metrics report: summary table (avg / min / max / p95), one chart per metric, optional cost section. */
export function MetricsDocument({
  meta,
  pageSize,
  summary,
  charts,
  range,
  costs,
  statLabel,
}: {
  meta: DocumentMeta;
  pageSize: PageSize;
  summary: SummaryRow[];
  charts: MetricChart[];
  range: { from: number; to: number; bucketMs: number };
  costs: CostSummary | null;
  statLabel: string;
}) {
  return (
    <ReportDocument meta={meta} pageSize={pageSize}>
      <Text style={styles.h2}>Summary</Text>
      <Text style={[styles.small, { marginBottom: 6 }]}>Over the whole range, from every stored datapoint.</Text>
      {summary.length === 0 ? (
        <Text>No series matched this selection.</Text>
      ) : (
        <Table
          columns={["Resource", "Metric", "Unit", "Avg", "Min", "Max", "p95"]}
          widths={[3, 3, 1.2, 1, 1, 1, 1]}
          textColumns={3}
          rows={summary.map((r) => [r.resource, r.metric, r.unit, cell(r.avg), cell(r.min), cell(r.max), cell(r.p95)])}
        />
      )}
      {charts.length > 0 ? (
        <View break>
          <Text style={styles.h2}>Charts</Text>
          <Text style={[styles.small, { marginBottom: 6 }]}>{statLabel}</Text>
          {charts.map((c, i) => (
            <LineChart key={i} title={c.title} unit={c.unit} lines={c.lines} from={range.from} to={range.to} note={c.note} gapMs={range.bucketMs * 3} />
          ))}
        </View>
      ) : null}
      {costs ? <CostSection costs={costs} /> : null}
    </ReportDocument>
  );
}
