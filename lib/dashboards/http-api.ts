import { NextResponse } from "next/server";
import { z } from "zod";
import type { TenantContext } from "@/lib/auth/guard";
import { parseInput, readJson } from "@/lib/http";
import { getCostView } from "./cost-view";
import { createDashboard, deleteDashboard, getDashboard, resetDashboard, saveDashboard } from "./edit-dashboards";
import { listDashboards } from "./list-dashboards";
import { listAvailableMetrics, AvailableMetricsInput, listResources, ResourceListInput } from "./list-resources";
import { loadDashboardView } from "./load-view";
import { answerJson, batchJson, MetricsBatchInput, MetricsQueryInput, queryMetricBatch, queryMetricSeries } from "./query-series";
import { CreateDashboardInput, SaveDashboardInput } from "./schemas";
import { parseInstant } from "./time-range";

/*
 * The JSON transport of dashboards, metrics, resources and costs: validate, call one verb,
 * respond. The route files under app/api pass the guard's context in; the integration tests pass
 * theirs through a loopback server, so both exercise the same code.
 */

const query = (request: Request) => Object.fromEntries(new URL(request.url).searchParams);

/** Chart answers are written by answerJson/batchJson, which reuse the cached points' text. */
const json = (text: string) => new NextResponse(text, { headers: { "content-type": "application/json" } });

const instant = (what: string) =>
  z.string({ error: `${what} is required.` }).transform((text, ctx) => parseInstant(text) ?? (ctx.addIssue({ code: "custom", message: `${what} must be an ISO 8601 date or epoch milliseconds.` }), z.NEVER));

const ViewQuery = z
  .object({ from: instant("from").optional(), to: instant("to").optional(), asOf: instant("asOf").optional() })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { path: ["to"], message: "Give both from and to, or neither." })
  .refine((q) => !q.from || !q.to || q.to.getTime() > q.from.getTime(), { path: ["to"], message: "to must be after from." });

const CostQuery = z
  .object({ from: instant("from"), to: instant("to"), asOf: instant("asOf").optional(), tagKey: z.string().trim().min(1).max(128).optional() })
  .refine((q) => q.to.getTime() >= q.from.getTime(), { path: ["to"], message: "to must not be before from." });

export const dashboardsApi = {
  async metricsQuery(ctx: TenantContext, request: Request) {
    return json(answerJson(await queryMetricSeries({ ctx, input: parseInput(MetricsQueryInput, query(request)) })));
  },
  /** Several chart queries (a dashboard's widgets) in one request: `{ queries: [...] }`, answered as `{ results: [...] }`. */
  async metricsBatch(ctx: TenantContext, request: Request) {
    return json(batchJson(await queryMetricBatch({ ctx, input: parseInput(MetricsBatchInput, await readJson(request)) })));
  },
  async availableMetrics(ctx: TenantContext, request: Request) {
    return NextResponse.json({ metrics: await listAvailableMetrics({ ctx, input: parseInput(AvailableMetricsInput, query(request)) }) });
  },
  async resources(ctx: TenantContext, request: Request) {
    return NextResponse.json({ resources: await listResources({ ctx, input: parseInput(ResourceListInput, query(request)) }) });
  },
  async costs(ctx: TenantContext, request: Request) {
    return NextResponse.json(await getCostView({ ctx, input: parseInput(CostQuery, query(request)) }));
  },
  async list(ctx: TenantContext) {
    return NextResponse.json(await listDashboards({ ctx }));
  },
  async create(ctx: TenantContext, request: Request) {
    const input = parseInput(CreateDashboardInput.strict(), await readJson(request));
    return NextResponse.json({ dashboard: await createDashboard({ ctx, input }) }, { status: 201 });
  },
  /** The definition; with from and to, also each widget's data for that range. */
  async get(ctx: TenantContext, request: Request, ref: string) {
    const q = parseInput(ViewQuery, query(request));
    if (q.from && q.to) return NextResponse.json(await loadDashboardView({ ctx, ref, from: q.from, to: q.to, ...(q.asOf ? { asOf: q.asOf } : {}) }));
    return NextResponse.json({ dashboard: await getDashboard({ ctx, ref }) });
  },
  async save(ctx: TenantContext, request: Request, ref: string) {
    const input = parseInput(SaveDashboardInput.strict(), await readJson(request));
    return NextResponse.json({ dashboard: await saveDashboard({ ctx, ref, input }) });
  },
  async remove(ctx: TenantContext, _request: Request, ref: string) {
    await deleteDashboard({ ctx, ref });
    return new NextResponse(null, { status: 204 });
  },
  async reset(ctx: TenantContext, _request: Request, ref: string) {
    return NextResponse.json({ dashboard: await resetDashboard({ ctx, ref }) });
  },
};
