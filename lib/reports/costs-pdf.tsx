import { pipeline } from "node:stream/promises";
import { renderToStream, Text, View } from "@react-pdf/renderer";
import { loadCostView } from "@/lib/dashboards";
import { withTenant } from "@/lib/db";
import { loadLogo } from "./branding";
import { reportTitle, timeFacts } from "./describe";
import { CostSection, money } from "./pdf/cost-section";
import { ReportDocument, Table } from "./pdf/document-shell";
import { styles } from "./pdf/styles";
import type { RenderArgs } from "./render-types";
import type { CostsReportRequest } from "./schemas";

/** The cost report: total, daily trend, by service, month over month, and by tag when asked. */
export async function renderCostsPdf(args: RenderArgs<CostsReportRequest>): Promise<void> {
  const { ctx, request, window } = args;
  const { costs, logo } = await withTenant(
    ctx.tenant.id,
    async (tx) => ({
      costs: await loadCostView(tx, { from: window.from, to: new Date(window.to.getTime() - 1), now: window.generatedAt, ...(window.asOf ? { asOf: window.asOf } : {}), ...(request.tagKey ? { tagKey: request.tagKey } : {}) }),
      logo: await loadLogo(tx),
    }),
    { db: ctx.db },
  );
  args.progress(0.6);
  const byTag = request.tagKey && costs.tagKey === request.tagKey ? costs.byTag : [];
  const element = (
    <ReportDocument
      meta={{ title: reportTitle(request), tenantName: ctx.tenant.name, logo, facts: [["Covers", "AWS spend (Cost Explorer, unblended)"], ...timeFacts(window), ["Currency", costs.currency]] }}
      pageSize={request.pageSize}
      pages={[
        <CostSection key="costs" costs={costs} />,
        ...(request.tagKey
          ? [
              <View key="tag">
                <Text style={styles.h3}>By tag {request.tagKey}</Text>
                {byTag.length === 0 ? (
                  <Text style={styles.small}>Monitr holds no costs by this tag for the range.</Text>
                ) : (
                  <Table columns={["Value", "Cost", "Share"]} widths={[4, 1, 1]} rows={byTag.map((t) => [t.key, money(t.amount, costs.currency), `${(t.share * 100).toFixed(1)} %`])} />
                )}
              </View>,
            ]
          : []),
      ]}
    />
  );
  const stream = await renderToStream(element);
  await pipeline(stream, args.out);
}
