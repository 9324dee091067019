import { ELASTIC_IP_HOURLY, EBS_GB_MONTH, HOURS_PER_MONTH, instanceSpec, successorType, volumeMonthly } from "@/lib/allocation";
import type { ResourceVersion } from "@/lib/collect";
import { EVIDENCE_DAYS, type CpuEvidence } from "./cpu-evidence";

/*
 * Idle and wasted resources ("thrifty" checks), one registry entry per check. Each finding
 * carries its evidence and the monthly saving at list prices (lib/allocation/prices.ts).
 */
export const CHECK_IDS = ["ec2_low_cpu", "stopped_with_volumes", "unattached_volume", "unassociated_eip", "previous_generation", "gp2_volume"] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** Idle: on every one of ≥ 14 days the average CPU stayed under 5 % and no 5-minute average reached 10 %. */
export const LOW_CPU = { dailyAverage: 5, peak: 10 } as const;
/** A stopped instance's volumes are a finding once it has been stopped this long. */
const STOPPED_FOR_MS = 24 * 3_600_000;

export type Finding = {
  key: string;
  check: CheckId;
  resource: { connectionId: string; region: string; kind: string; resourceId: string; name: string | null };
  title: string;
  evidence: string[];
  recommendation: string;
  monthlySaving: number;
  dismissed: { reason: string; at: Date; by: string | null } | null;
};

export type CheckInput = { resources: ResourceVersion[]; cpu: Map<string, CpuEvidence>; now: Date };
type Check = { label: string; description: string; run(input: CheckInput): Omit<Finding, "key" | "dismissed" | "check">[] };

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
const money = (n: number) => `$${n.toFixed(2)}`;
const ref = (r: ResourceVersion) => ({ connectionId: r.connectionId, region: r.region, kind: r.kind, resourceId: r.resourceId, name: r.name });
const ofKind = (input: CheckInput, kind: ResourceVersion["kind"]) => input.resources.filter((r) => r.kind === kind);
const volumeLine = (v: ResourceVersion) => {
  const monthly = volumeMonthly(str(v.attributes.volumeType), num(v.attributes.sizeGiB)) ?? 0;
  return `${v.resourceId}: ${str(v.attributes.volumeType) ?? "?"}, ${num(v.attributes.sizeGiB) ?? "?"} GiB, ${money(monthly)}/month`;
};

export const CHECKS: Record<CheckId, Check> = {
  ec2_low_cpu: {
    label: "Idle EC2 instances",
    description: `Running instances whose CPU averaged under ${LOW_CPU.dailyAverage} % on each of the last ${EVIDENCE_DAYS} days and never reached ${LOW_CPU.peak} %.`,
    run: (input) =>
      ofKind(input, "ec2_instance")
        .filter((r) => r.state === "running")
        .flatMap((r) => {
          const e = input.cpu.get(r.resourceId);
          if (!e || e.days < EVIDENCE_DAYS || e.busiestDay >= LOW_CPU.dailyAverage || e.peak >= LOW_CPU.peak) return [];
          const type = str(r.attributes.instanceType);
          const monthly = (instanceSpec(type)?.hourly ?? 0) * HOURS_PER_MONTH;
          return [
            {
              resource: ref(r),
              title: `${r.name ?? r.resourceId} (${type ?? "unknown type"}) is idle`,
              evidence: [`CPU averaged ${e.average.toFixed(1)} % over ${e.days} days`, `Busiest day: ${e.busiestDay.toFixed(1)} % average`, `Highest 5-minute average: ${e.peak.toFixed(1)} %`],
              recommendation: "Stop or terminate it, or move its work to a smaller instance.",
              monthlySaving: monthly,
            },
          ];
        }),
  },
  stopped_with_volumes: {
    label: "Stopped instances with volumes",
    description: "Instances stopped for more than a day still pay for their EBS volumes.",
    run: (input) => {
      const volumes = ofKind(input, "ebs_volume");
      return ofKind(input, "ec2_instance")
        .filter((r) => r.state === "stopped" && input.now.getTime() - r.validFrom.getTime() >= STOPPED_FOR_MS)
        .flatMap((r) => {
          const attached = volumes.filter((v) => v.attributes.attachedTo === r.resourceId);
          if (!attached.length) return [];
          const saving = attached.reduce((a, v) => a + (volumeMonthly(str(v.attributes.volumeType), num(v.attributes.sizeGiB)) ?? 0), 0);
          const days = Math.floor((input.now.getTime() - r.validFrom.getTime()) / 86_400_000);
          return [
            {
              resource: ref(r),
              title: `${r.name ?? r.resourceId} has been stopped for ${days} days with ${attached.length} volume${attached.length > 1 ? "s" : ""} attached`,
              evidence: [`Stopped since ${r.validFrom.toISOString().slice(0, 10)}`, ...attached.map(volumeLine)],
              recommendation: "Snapshot the volumes and terminate the instance, or start using it again.",
              monthlySaving: saving,
            },
          ];
        });
    },
  },
  unattached_volume: {
    label: "Unattached EBS volumes",
    description: "Volumes attached to no instance are billed in full.",
    run: (input) =>
      ofKind(input, "ebs_volume")
        .filter((v) => !v.attributes.attachedTo && v.state !== "deleting" && v.state !== "deleted")
        .map((v) => ({
          resource: ref(v),
          title: `${v.name ?? v.resourceId} is attached to nothing`,
          evidence: [volumeLine(v), `Created ${str(v.attributes.createTime)?.slice(0, 10) ?? "unknown"}`],
          recommendation: "Snapshot it if the data matters, then delete it.",
          monthlySaving: volumeMonthly(str(v.attributes.volumeType), num(v.attributes.sizeGiB)) ?? 0,
        })),
  },
  unassociated_eip: {
    label: "Unassociated Elastic IPs",
    description: "An Elastic IP attached to nothing is billed by the hour.",
    run: (input) =>
      ofKind(input, "elastic_ip")
        .filter((a) => a.state === "unassociated")
        .map((a) => ({
          resource: ref(a),
          title: `${str(a.attributes.publicIp) ?? a.resourceId} is associated with nothing`,
          evidence: [`Allocation ${a.resourceId}, no instance or network interface`, `$${ELASTIC_IP_HOURLY}/hour`],
          recommendation: "Release it.",
          monthlySaving: ELASTIC_IP_HOURLY * HOURS_PER_MONTH,
        })),
  },
  previous_generation: {
    label: "Previous-generation instance types",
    description: "Older families (t2, m4, c4, r4, …) cost more than their current equivalents and perform worse.",
    run: (input) =>
      ofKind(input, "ec2_instance")
        .filter((r) => r.state === "running" || r.state === "stopped")
        .flatMap((r) => {
          const type = str(r.attributes.instanceType);
          const next = type ? successorType(type) : null;
          if (!type || !next) return [];
          const [old, neu] = [instanceSpec(type)?.hourly, instanceSpec(next)?.hourly];
          const saving = r.state === "running" && old !== undefined && neu !== undefined ? Math.max(0, old - neu) * HOURS_PER_MONTH : 0;
          return [
            {
              resource: ref(r),
              title: `${r.name ?? r.resourceId} runs on ${type}, a previous generation`,
              evidence: [`${type}: ${old !== undefined ? `$${old}/hour` : "no list price"}`, `${next}: ${neu !== undefined ? `$${neu}/hour` : "no list price"}`, r.state === "stopped" ? "Stopped: no saving until it runs again" : "Running"],
              recommendation: `Change the instance type to ${next}.`,
              monthlySaving: saving,
            },
          ];
        }),
  },
  gp2_volume: {
    label: "gp2 volumes that should be gp3",
    description: "gp3 costs 20 % less than gp2 with at least the same baseline performance.",
    run: (input) =>
      ofKind(input, "ebs_volume")
        .filter((v) => v.attributes.volumeType === "gp2")
        .map((v) => {
          const size = num(v.attributes.sizeGiB) ?? 0;
          return {
            resource: ref(v),
            title: `${v.name ?? v.resourceId} is gp2`,
            evidence: [volumeLine(v), `As gp3: ${money(size * (EBS_GB_MONTH.gp3 ?? 0))}/month`],
            recommendation: "Modify the volume to gp3 (online, no downtime).",
            monthlySaving: size * ((EBS_GB_MONTH.gp2 ?? 0) - (EBS_GB_MONTH.gp3 ?? 0)),
          };
        }),
  },
};

export const findingKey = (check: CheckId, r: { connectionId: string; region: string; resourceId: string }) => `${check}:${r.connectionId}:${r.region}:${r.resourceId}`;

export function runChecks(input: CheckInput): Omit<Finding, "dismissed">[] {
  return CHECK_IDS.flatMap((check) => CHECKS[check].run(input).map((f) => ({ ...f, check, key: findingKey(check, f.resource) })));
}
