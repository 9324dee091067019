import { z } from "zod";
import { CONNECTION_STATUSES, SYNC_KINDS, SYNC_STATUSES } from "@/db/tables/aws";
import { getConnection, listConnections, listSyncRuns, type Connection } from "@/lib/aws";
import { iso, PageQuery, pageOf, paginate } from "../pagination";
import { defineEndpoint } from "../registry";

export const AwsConnection = z
  .object({
    id: z.uuid(),
    name: z.string(),
    awsAccountId: z.string(),
    roleArn: z.string(),
    regions: z.array(z.string()),
    status: z.enum(CONNECTION_STATUSES),
    lastError: z.string().nullable(),
    missingPermissions: z.array(z.string()),
    metricsIntervalSeconds: z.number().int(),
    costTagKeys: z.array(z.string()),
    createdAt: z.string(),
    disconnectedAt: z.string().nullable(),
  })
  .meta({ id: "AwsConnection" });

const SyncRun = z
  .object({
    id: z.uuid(),
    connectionId: z.uuid(),
    region: z.string(),
    kind: z.enum(SYNC_KINDS),
    status: z.enum(SYNC_STATUSES),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    apiCalls: z.number().int().meta({ description: "AWS API calls made (CloudWatch and Cost Explorer bill them)." }),
    items: z.number().int(),
    error: z.string().nullable(),
  })
  .meta({ id: "SyncRun" });

const toConnection = (c: Connection): z.input<typeof AwsConnection> => ({
  id: c.id,
  name: c.name,
  awsAccountId: c.awsAccountId,
  roleArn: c.roleArn,
  regions: c.regions,
  status: c.status,
  lastError: c.lastError,
  missingPermissions: c.missingPermissions,
  metricsIntervalSeconds: c.metricsIntervalSeconds,
  costTagKeys: c.costTagKeys,
  createdAt: c.createdAt.toISOString(),
  disconnectedAt: iso(c.disconnectedAt),
});

const IdParams = z.object({ id: z.uuid().meta({ description: "The connection's id." }) });

export const listConnectionsEndpoint = defineEndpoint({
  operationId: "listConnections",
  method: "GET",
  path: "/connections",
  tag: "AWS connections",
  summary: "List AWS connections",
  scope: "read",
  response: z.object({ data: z.array(AwsConnection) }),
  async handle({ ctx }) {
    return { data: (await listConnections(ctx)).map(toConnection) };
  },
});

export const getConnectionEndpoint = defineEndpoint({
  operationId: "getConnection",
  method: "GET",
  path: "/connections/{id}",
  tag: "AWS connections",
  summary: "Get one AWS connection",
  scope: "read",
  params: IdParams,
  response: AwsConnection,
  async handle({ ctx, params }) {
    return toConnection(await getConnection(ctx, params.id));
  },
});

export const listSyncRunsEndpoint = defineEndpoint({
  operationId: "listSyncRuns",
  method: "GET",
  path: "/connections/{id}/sync-runs",
  tag: "AWS connections",
  summary: "List a connection's sync runs, newest first",
  description: "Every inventory, metrics and cost collection run with its AWS API call count (the last 500 runs).",
  scope: "read",
  params: IdParams,
  query: z.object({ ...PageQuery }),
  response: pageOf(SyncRun),
  async handle({ ctx, params, query }) {
    const runs = await listSyncRuns({ ctx, connectionId: params.id, limit: 500 });
    // Newest first: sort ascending by the negated start time, then id.
    const page = paginate(runs, { key: (r) => [-r.startedAt.getTime(), r.id], arity: 2 }, query.cursor, query.limit);
    return {
      nextCursor: page.nextCursor,
      data: page.data.map((r) => ({
        id: r.id,
        connectionId: r.connectionId,
        region: r.region,
        kind: r.kind,
        status: r.status,
        startedAt: r.startedAt.toISOString(),
        finishedAt: iso(r.finishedAt),
        apiCalls: r.apiCalls,
        items: r.items,
        error: r.error,
      })),
    };
  },
});
