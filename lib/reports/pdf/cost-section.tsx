import { Text, View } from "@react-pdf/renderer";
import type { CostView } from "@/lib/dashboards";
import { BarChart } from "./bar-chart";
import { Table } from "./document-shell";
import { styles } from "./styles";

export const money = (v: number, currency = "USD") => `${currency === "USD" ? "$" : `${currency} `}${v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (v: number | null) => (v === null ? "—" : `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)} %`);

function Kpi({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <View style={styles.kpi}>
      <Text style={styles.small}>{label}</Text>
      <Text style={styles.kpiValue}>{value}</Text>
      {note ? <Text style={styles.small}>{note}</Text> : null}
    </View>
  );
}

/** Total, daily trend, by service and month over month, and the month-end forecast the app shows (lib/insights'). */
export function CostSection({ costs }: { costs: CostView }) {
  const mom = costs.monthOverMonth;
  const forecast = costs.forecast.available ? money(costs.forecast.monthEnd.amount, costs.currency) : "—";
  return (
    <View>
      <Text style={styles.h2}>Costs</Text>
      <View style={styles.kpiRow}>
        <Kpi label="Total in range" value={money(costs.total, costs.currency)} note={`${costs.daily.length} days`} />
        <Kpi label={`Month to date (${mom.month})`} value={money(mom.monthToDate, costs.currency)} note={`${pct(mom.change)} vs same days last month`} />
        <Kpi label="Forecast month end" value={forecast} note={costs.forecast.available ? "80 % interval in the app" : costs.forecast.reason} />
      </View>
      <BarChart title="Daily spend" days={costs.daily} estimatedFrom={costs.daily.find((d) => d.estimated)?.day} />
      <Text style={styles.h3}>By service</Text>
      <Table
        columns={["Service", "Cost", "Share"]}
        widths={[4, 1, 1]}
        rows={[...costs.byService.map((s) => [s.key, money(s.amount, costs.currency), `${(s.share * 100).toFixed(1)} %`]), ["Total", money(costs.total, costs.currency), costs.total > 0 ? "100.0 %" : "—"]]}
      />
      <View style={{ marginTop: 14 }} wrap={false}>
        <Text style={styles.h3}>Month over month</Text>
        <Table
          columns={["Month", "Cost", "Change"]}
          widths={[4, 1, 1]}
          rows={mom.months.map((m, i) => {
            const prev = mom.months[i - 1]?.amount;
            return [`${m.month}${m.partial ? " (to date)" : ""}`, money(m.amount, costs.currency), prev && prev > 0 && !m.partial ? pct(m.amount / prev - 1) : "—"];
          })}
        />
      </View>
    </View>
  );
}
