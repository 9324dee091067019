import { z } from "zod";
import { RESOURCE_KINDS } from "@/db/tables/aws";
import { withTenant } from "@/lib/db";
import { DateTime, decodeCursor, encodeCursor, iso, PageQuery, pageOf } from "../pagination";
import { listResourcesPage } from "./resources-page";
import { defineEndpoint } from "../registry";

export const Resource = z
  .object({
    id: z.number().int().meta({ description: "Version id (one per recorded version of a resource)." }),
    kind: z.enum(RESOURCE_KINDS),
    resourceId: z.string().meta({ description: "The AWS identifier, e.g. i-0abc… or a cluster name." }),
    name: z.string().nullable(),
    state: z.string().nullable(),
    region: z.string(),
    connectionId: z.uuid(),
    tags: z.record(z.string(), z.string()),
    attributes: z.record(z.string(), z.unknown()),
    validFrom: z.string().meta({ description: "When this version became true in AWS." }),
    validTo: z.string().nullable(),
    recordedFrom: z.string().meta({ description: "When Monitr learned this version." }),
    recordedTo: z.string().nullable(),
  })
  .meta({ id: "Resource" });

const ListResourcesQuery = z.object({
  kind: z.enum(RESOURCE_KINDS).optional(),
  state: z.string().max(64).optional().meta({ description: "e.g. running, stopped, ACTIVE" }),
  connectionId: z.uuid().optional(),
  validAt: DateTime.optional().meta({ description: "Valid time: the inventory as it was in AWS at this moment (default now)." }),
  asOf: DateTime.optional().meta({ description: "Recorded time: as Monitr knew it at this moment (default now)." }),
  ...PageQuery,
});

export const listResources = defineEndpoint({
  operationId: "listResources",
  method: "GET",
  path: "/resources",
  tag: "Inventory",
  summary: "List resources (EC2, EBS, Elastic IPs, EKS) as of a point in time",
  description: "Bitemporal: `validAt` picks the moment in AWS, `asOf` what Monitr knew then. Sorted by kind, resource id and version id.",
  scope: "read",
  query: ListResourcesQuery,
  response: pageOf(Resource),
  async handle({ ctx, query }) {
    const after = decodeCursor(query.cursor, 3);
    // listResourcesAt's bitemporal filter, with keyset pagination pushed into SQL so a page reads
    // `limit + 1` rows instead of the whole inventory.
    const rows = await withTenant(
      ctx.tenant.id,
      (tx) =>
        listResourcesPage({
          tx,
          kind: query.kind,
          state: query.state,
          connectionId: query.connectionId,
          validAt: query.validAt ? new Date(query.validAt) : new Date(),
          asOf: query.asOf ? new Date(query.asOf) : new Date(),
          after: after ? { kind: String(after[0]), resourceId: String(after[1]), id: Number(after[2]) } : null,
          limit: query.limit + 1,
        }),
      { db: ctx.db },
    );
    const data = rows.slice(0, query.limit);
    const last = data[data.length - 1];
    const page = { data, nextCursor: rows.length > query.limit && last ? encodeCursor([last.kind, last.resourceId, last.id]) : null };
    return {
      nextCursor: page.nextCursor,
      data: page.data.map((r) => ({
        id: r.id,
        kind: r.kind,
        resourceId: r.resourceId,
        name: r.name,
        state: r.state,
        region: r.region,
        connectionId: r.connectionId,
        tags: r.tags,
        attributes: r.attributes,
        validFrom: r.validFrom.toISOString(),
        validTo: iso(r.validTo),
        recordedFrom: r.recordedFrom.toISOString(),
        recordedTo: iso(r.recordedTo),
      })),
    };
  },
});
