import { pipeline } from "node:stream/promises";
import { renderToStream, Text, View } from "@react-pdf/renderer";
import { withTenant } from "@/lib/db";
import { loadLogo } from "./branding";
import { loadStatement, type Statement } from "./chargeback";
import { writeCsv } from "./csv-writer";
import { reportTitle, timeFacts } from "./describe";
import { money } from "./pdf/cost-section";
import { ReportDocument, Table, type Logo } from "./pdf/document-shell";
import { COLORS, styles } from "./pdf/styles";
import type { RenderArgs } from "./render-types";
import type { ChargebackReportRequest } from "./schemas";

async function load(args: RenderArgs<ChargebackReportRequest>): Promise<{ statement: Statement; logo: Logo | null }> {
  const { ctx, request, window } = args;
  return withTenant(
    ctx.tenant.id,
    async (tx) => ({
      statement: await loadStatement(tx, { ctx, owner: request.owner, from: window.from, to: window.to, ...(window.asOf ? { asOf: window.asOf } : {}) }),
      logo: await loadLogo(tx),
    }),
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

function BudgetBox({ statement }: { statement: Statement }) {
  const b = statement.budget;
  return (
    <View style={styles.kpiRow}>
      <View style={styles.kpi}>
        <Text style={styles.small}>Total for the month</Text>
        <Text style={styles.kpiValue}>{money(statement.total)}</Text>
      </View>
      <View style={styles.kpi}>
        <Text style={styles.small}>Budget</Text>
        <Text style={styles.kpiValue}>{b ? money(b.limit) : "No budget"}</Text>
      </View>
      <View style={styles.kpi}>
        <Text style={styles.small}>Budget vs actual</Text>
        <Text style={[styles.kpiValue, { color: b && b.remaining < 0 ? COLORS.over : COLORS.ok }]}>
          {b ? (b.remaining >= 0 ? `${money(b.remaining)} left` : `${money(-b.remaining)} over`) : "—"}
        </Text>
        {b ? <Text style={styles.small}>{(b.used * 100).toFixed(1)} % of the budget used</Text> : null}
      </View>
    </View>
  );
}

/** A statement for one owner and month: logo and name, totals, budget vs actual, by service, itemized lines. */
export async function renderChargebackPdf(args: RenderArgs<ChargebackReportRequest>): Promise<void> {
  const { ctx, request, window } = args;
  const { statement, logo } = await load(args);
  args.progress(0.6);
  const element = (
    <ReportDocument
      meta={{
        title: reportTitle(request),
        subtitle: `${statement.ownerKind}: ${statement.ownerLabel}`,
        tenantName: ctx.tenant.name,
        logo,
        facts: [["Statement for", `${statement.ownerKind} ${statement.ownerLabel}`], ["Month", request.month], ...timeFacts(window), ["Total", money(statement.total)]],
      }}
      pageSize={request.pageSize}
      pages={[
        <View key="statement">
          <Text style={styles.h2}>
            {statement.ownerKind} {statement.ownerLabel} — {request.month}
          </Text>
          <BudgetBox statement={statement} />
          <Text style={styles.h3}>By service</Text>
          <Table columns={["Service", "Amount"]} widths={[5, 1]} rows={[...statement.byService.map((s) => [s.service, money(s.amount)]), ["Total", money(statement.total)]]} />
          <Text style={[styles.h3, { marginTop: 14 }]}>Itemized</Text>
          {statement.lines.length === 0 ? (
            <Text style={styles.small}>No costs were allocated for this month.</Text>
          ) : (
            <Table
              columns={["Service", "Resource", "Detail", "Amount"]}
              widths={[3, 3, 3, 1.2]}
              textColumns={3}
              rows={[...statement.lines.map((l) => [l.service, l.resource, l.detail, money(l.amount)]), ["Total", "", "", money(statement.total)]]}
            />
          )}
          <Text style={[styles.small, { marginTop: 14 }]}>Method: {statement.method}</Text>
        </View>,
      ]}
    />
  );
  const stream = await renderToStream(element);
  await pipeline(stream, args.out);
}

export const CHARGEBACK_CSV_COLUMNS = ["month", "owner", "service", "resource", "detail", "amount", "currency"] as const;

export async function renderChargebackCsv(args: RenderArgs<ChargebackReportRequest>): Promise<void> {
  const { statement } = await load(args);
  await writeCsv(args.out, CHARGEBACK_CSV_COLUMNS, async (write) => {
    for (const l of statement.lines) await write([args.request.month, statement.ownerLabel, l.service, l.resource, l.detail, l.amount.toFixed(2), statement.currency]);
  });
}
