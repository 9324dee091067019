import { attr, inventoryAt, inventoryMoment } from "../inventory";
import { seriesByResource, sparklines, latestValues, totals } from "../metric-helpers";
import type { FleetRow, Panel, PanelArgs, PanelDataMap } from "./types";

const SPARK_POINTS = 48;

/** Every instance as listed at the range's end, with CPU, network and status checks over the range. */
async function loadFleet(args: PanelArgs): Promise<PanelDataMap["fleet-table"]> {
  return args.memo("fleet", async () => {
    const at = inventoryMoment(args);
    const instances = await inventoryAt(args.tx, { kind: "ec2_instance", validAt: at, asOf: args.asOf });
    const ids = instances.map((i) => i.resourceId);
    const series = async (metric: string) => seriesByResource(args.tx, { resourceKind: "ec2_instance", namespace: "AWS/EC2", metric, resourceIds: ids });
    const [cpu, netIn, netOut, status] = [await series("CPUUtilization"), await series("NetworkIn"), await series("NetworkOut"), await series("StatusCheckFailed")];
    const first = (m: Map<string, { id: number }[]>, id: string) => m.get(id)?.[0]?.id;
    const idsOf = (m: Map<string, { id: number }[]>) => [...m.values()].flat().map((s) => s.id);
    const range = { from: args.from, to: args.to, asOf: args.asOf };
    const avg = await sparklines(args.tx, { ...range, seriesIds: idsOf(cpu), stat: "avg", points: SPARK_POINTS });
    const max = await sparklines(args.tx, { ...range, seriesIds: idsOf(cpu), stat: "max", points: SPARK_POINTS });
    const inTotals = await totals(args.tx, { ...range, seriesIds: idsOf(netIn) });
    const outTotals = await totals(args.tx, { ...range, seriesIds: idsOf(netOut) });
    // Status checks: the latest 15 minutes of the range decide "failed" or "ok".
    const checks = await latestValues(args.tx, { seriesIds: idsOf(status), to: args.to, asOf: args.asOf, stat: "max", windowMs: 15 * 60_000 });
    const rows: FleetRow[] = instances.map((i) => {
      const cpuId = first(cpu, i.resourceId);
      const statusId = first(status, i.resourceId);
      const inId = first(netIn, i.resourceId);
      const outId = first(netOut, i.resourceId);
      const check = statusId === undefined ? null : (checks.get(statusId) ?? null);
      return {
        id: i.resourceId,
        name: i.name,
        type: attr(i, "instanceType"),
        region: i.region,
        zone: attr(i, "availabilityZone"),
        state: i.state,
        tags: i.tags,
        cpuAvg: cpuId === undefined ? null : (avg.bySeries.get(cpuId)?.mean ?? null),
        cpuMax: cpuId === undefined ? null : (max.bySeries.get(cpuId)?.peak ?? null),
        networkIn: inId === undefined ? null : (inTotals.get(inId) ?? null),
        networkOut: outId === undefined ? null : (outTotals.get(outId) ?? null),
        statusCheck: check === null ? "no data" : check > 0 ? "failed" : "ok",
        spark: cpuId === undefined ? [] : (avg.bySeries.get(cpuId)?.values ?? []),
      };
    });
    rows.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
    return { rows, bucketSeconds: avg.bucketSeconds, at: at.toISOString() };
  });
}

export const fleetTable: Panel<"fleet-table"> = { needsTarget: null, load: loadFleet };

export const topCpu: Panel<"top-cpu"> = {
  needsTarget: null,
  async load(args) {
    const fleet = await loadFleet(args);
    const instances = fleet.rows
      .filter((r) => r.cpuAvg !== null)
      .sort((a, b) => (b.cpuAvg ?? 0) - (a.cpuAvg ?? 0))
      .slice(0, 5)
      .map((r) => ({ id: r.id, name: r.name, avg: r.cpuAvg ?? 0, peak: r.cpuMax, spark: r.spark }));
    return { instances, bucketSeconds: fleet.bucketSeconds };
  },
};

export const instanceStates: Panel<"instance-states"> = {
  needsTarget: null,
  async load(args) {
    const instances = await inventoryAt(args.tx, { kind: "ec2_instance", validAt: inventoryMoment(args), asOf: args.asOf });
    const states = new Map<string, number>();
    const regions = new Map<string, Record<string, number>>();
    for (const i of instances) {
      const state = i.state ?? "unknown";
      states.set(state, (states.get(state) ?? 0) + 1);
      const r = regions.get(i.region) ?? {};
      r[state] = (r[state] ?? 0) + 1;
      regions.set(i.region, r);
    }
    return {
      total: instances.length,
      states: [...states.entries()].map(([state, count]) => ({ state, count })).sort((a, b) => b.count - a.count),
      regions: [...regions.entries()].map(([region, byState]) => ({ region, byState, count: Object.values(byState).reduce((a, b) => a + b, 0) })).sort((a, b) => a.region.localeCompare(b.region)),
    };
  },
};

export const instanceDetails: Panel<"instance-details"> = {
  needsTarget: "ec2-instance",
  async load(args) {
    const instances = await inventoryAt(args.tx, { kind: "ec2_instance", validAt: inventoryMoment(args), asOf: args.asOf });
    const i = instances.find((r) => r.resourceId === args.target);
    if (!i) return { found: false, id: args.target };
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(i.attributes)) if (typeof v === "string" || typeof v === "number") attributes[k] = String(v);
    return { found: true, id: i.resourceId, name: i.name, state: i.state, region: i.region, attributes, tags: i.tags };
  },
};
