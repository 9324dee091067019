import { describe, expect, it } from "vitest";
import { clusterPresets, presetCovers, presetInput, Scope, type RuleInput } from "@/lib/alerts";
import { resolveScope, type ScopeIndex } from "@/lib/alerts/scope";
import { ruleProblems } from "@/lib/alerts/validate-rule";

/*
 * The "pods of one cluster" scope, without a database: resolution over a scope index (as
 * loadScopeIndex builds it), the schema, the kind check, and the presets a cluster dashboard offers.
 */
const CRASH = "ContainerInsights/pod_container_status_waiting_reason_crash_loop_back_off";

/** An index whose crash-loop metric has series for these pods; only `live` ones report recently (seriesResources). */
function podIndex(live: string[], stale: string[]): ScopeIndex {
  const byPod = new Map([...live, ...stale].map((id, i) => [id, [i + 1]]));
  return { inventory: new Map(), series: new Map([[CRASH, byPod]]), seriesResources: new Map([["eks_pod", new Set(live)]]) };
}

const base: Omit<RuleInput, "scope"> = {
  name: "r",
  enabled: true,
  conditions: [{ metric: CRASH, stat: "max", windowSeconds: 60, comparator: "gte", threshold: 1 }],
  combine: "and",
  duration: { type: "for", seconds: 300 },
  noData: "keep",
  severity: "warning",
  channelIds: [],
  repeatIntervalSeconds: 0,
  sendResolved: true,
};

describe("resolveScope with a cluster scope", () => {
  const index = podIndex(["prod/default/api-1", "prod/kube-system/coredns-7", "prod-2/default/api-1", "prod-eks/default/web", "staging/prod/x"], ["prod/default/old-1"]);

  it("picks exactly the live pods of that cluster, not those of a cluster whose name it prefixes", () => {
    expect(resolveScope(index, { type: "cluster", kind: "eks_pod", cluster: "prod" })).toEqual([
      { id: "prod/default/api-1", name: "api-1" },
      { id: "prod/kube-system/coredns-7", name: "coredns-7" },
    ]);
    expect(resolveScope(index, { type: "cluster", kind: "eks_pod", cluster: "prod-2" })).toEqual([{ id: "prod-2/default/api-1", name: "api-1" }]);
  });

  it("is empty for a cluster with no live pods, and a part of a name is no cluster", () => {
    expect(resolveScope(podIndex([], ["prod/default/old-1"]), { type: "cluster", kind: "eks_pod", cluster: "prod" })).toEqual([]);
    expect(resolveScope(index, { type: "cluster", kind: "eks_pod", cluster: "pro" })).toEqual([]);
  });

  it("is a subset of all pods", () => {
    expect(resolveScope(index, { type: "kind", kind: "eks_pod" })).toHaveLength(5);
  });
});

describe("the cluster scope's schema and kind check", () => {
  it("trims the cluster name and refuses an empty one or one with a slash", () => {
    expect(Scope.parse({ type: "cluster", kind: "eks_pod", cluster: "  prod " })).toEqual({ type: "cluster", kind: "eks_pod", cluster: "prod" });
    for (const cluster of ["", "   ", "prod/default", "x".repeat(301)]) {
      const parsed = Scope.safeParse({ type: "cluster", kind: "eks_pod", cluster });
      expect(parsed.success, cluster).toBe(false);
      expect(parsed.error?.issues[0]?.path, cluster).toEqual(["cluster"]);
    }
  });

  it("accepts it for pods and answers a field error on scope.type for any other kind", () => {
    expect(ruleProblems({ ...base, scope: { type: "cluster", kind: "eks_pod", cluster: "prod" } })).toEqual({});
    const ec2 = ruleProblems({ ...base, scope: { type: "cluster", kind: "ec2_instance", cluster: "prod" }, conditions: [{ metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: 300, comparator: "gt", threshold: 80 }] });
    expect(ec2).toEqual({ "scope.type": expect.stringMatching(/Only EKS pods can be watched by cluster/) });
    const cluster = ruleProblems({ ...base, scope: { type: "cluster", kind: "eks_cluster", cluster: "prod" }, conditions: [{ metric: "ContainerInsights/cluster_failed_node_count", stat: "max", windowSeconds: 60, comparator: "gt", threshold: 0 }] });
    expect(Object.keys(cluster)).toEqual(["scope.type"]);
  });
});

describe("pod presets on a cluster's dashboard", () => {
  it("are offered for that cluster's pods, and covered by a rule for all pods or for that cluster", () => {
    const crash = clusterPresets("prod").find((p) => p.id === "eks-pod-crashloop")!;
    expect(crash).toMatchObject({ title: "Pod in CrashLoopBackOff on prod", cluster: "prod" });
    expect(presetInput(crash.id, [], { cluster: "prod" })).toMatchObject({ name: "Pod in CrashLoopBackOff on prod", scope: { type: "cluster", kind: "eks_pod", cluster: "prod" }, preset: "eks-pod-crashloop" });
    const rule = (scope: Scope) => ({ preset: "eks-pod-crashloop", scope });
    expect(presetCovers(rule({ type: "kind", kind: "eks_pod" }), crash)).toBe(true);
    expect(presetCovers(rule({ type: "cluster", kind: "eks_pod", cluster: "prod" }), crash)).toBe(true);
    expect(presetCovers(rule({ type: "cluster", kind: "eks_pod", cluster: "prod-2" }), crash)).toBe(false);
    expect(presetCovers(rule({ type: "resource", kind: "eks_pod", resourceId: "prod/default/api-1" }), crash)).toBe(false);
    expect(presetCovers({ scope: { type: "cluster", kind: "eks_pod", cluster: "prod" } }, crash)).toBe(false);
  });
});
