import { Text, View } from "@react-pdf/renderer";
import type { CostView } from "@/lib/dashboards";
import type { PageSize } from "../schemas";
import { formatValue } from "./chart-geometry";
import { CostSection } from "./cost-section";
import { FastTable, ReportDocument, type DocumentMeta } from "./document-shell";
import { LineChart, type ChartLine } from "./line-chart";
import { chartHeight, packPages, PAGE_BODY_HEIGHT } from "./paginate";
import { CONTENT_WIDTH, styles } from "./styles";

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
  costs: CostView | null;
  statLabel: string;
}) {
  const columns = ["Resource", "Metric", "Unit", "Avg", "Min", "Max", "p95"];
  const widths = [3, 3, 1.2, 1, 1, 1, 1];
  const summaryPages = packPages(summary, () => 13, PAGE_BODY_HEIGHT - 20, PAGE_BODY_HEIGHT - 60);
  const chartPages = packPages(charts, (c) => chartHeight(c.lines.length, Boolean(c.note)), PAGE_BODY_HEIGHT, PAGE_BODY_HEIGHT - 40);
  const pages = [
    ...(summaryPages.length ? summaryPages : [[]]).map((rows, i) => (
      <View key={`s${i}`}>
        {i === 0 ? (
          <>
            <Text style={styles.h2}>Summary</Text>
            <Text style={[styles.small, { marginBottom: 6 }]}>Over the whole range, from every stored datapoint.</Text>
          </>
        ) : null}
        {rows.length === 0 ? <Text>No series matched this selection.</Text> : <FastTable columns={columns} widths={widths} width={CONTENT_WIDTH} textColumns={3} rows={rows.map((r) => [r.resource, r.metric, r.unit, cell(r.avg), cell(r.min), cell(r.max), cell(r.p95)])} />}
      </View>
    )),
    ...chartPages.map((page, i) => (
      <View key={`c${i}`}>
        {i === 0 ? (
          <>
            <Text style={styles.h2}>Charts</Text>
            <Text style={[styles.small, { marginBottom: 6 }]}>{statLabel}</Text>
          </>
        ) : null}
        {page.map((c, j) => (
          <LineChart key={j} title={c.title} unit={c.unit} lines={c.lines} from={range.from} to={range.to} note={c.note} gapMs={range.bucketMs * 3} />
        ))}
      </View>
    )),
    ...(costs ? [<CostSection key="costs" costs={costs} />] : []),
  ];
  return <ReportDocument meta={meta} pageSize={pageSize} pages={pages} />;
}
