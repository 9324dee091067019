import { z } from "zod";
import { matchesAny } from "./permissions";
import { SeededRandom } from "./random";
import { SimError } from "./sim-error";

const ServiceName = z.enum(["sts", "ec2", "cloudwatch", "eks", "ce", "tag"]);
const Scope = {
  service: ServiceName.optional(),
  /** API action, e.g. "GetMetricData". */
  action: z.string().optional(),
  region: z.string().optional(),
};
const Rate = z.number().min(0).max(1);

export const FaultSpec = z.object({
  /** Seed of the fault PRNG: the same seed and call sequence give the same failures. */
  seed: z.number().int().default(1),
  throttle: z.array(z.object({ ...Scope, rate: Rate })).default([]),
  serverError: z.array(z.object({ ...Scope, rate: Rate, status: z.union([z.literal(500), z.literal(503)]).default(500) })).default([]),
  latency: z.array(z.object({ ...Scope, ms: z.number().int().min(0).max(600_000) })).default([]),
  /** IAM actions denied for every caller, e.g. "ce:GetCostAndUsage" (wildcards allowed). */
  deny: z.array(z.string()).default([]),
  /** Regions whose requests are never answered (until the client gives up). */
  timeoutRegions: z.array(z.string()).default([]),
  /** Exact failures for the next N matching calls. */
  failNext: z
    .array(z.object({ ...Scope, count: z.number().int().min(1), error: z.union([z.literal("throttle"), z.literal(500), z.literal(503)]) }))
    .default([]),
});
export type FaultSpec = z.infer<typeof FaultSpec>;
export type FaultSpecInput = z.input<typeof FaultSpec>;

export interface CallScope {
  service: string;
  action: string;
  region: string;
}

export interface FaultDecision {
  latencyMs: number;
  hang: boolean;
  error: SimError | null;
}

const inScope = (rule: { service?: string | undefined; action?: string | undefined; region?: string | undefined }, call: CallScope): boolean =>
  (rule.service === undefined || rule.service === call.service) &&
  (rule.action === undefined || rule.action === call.action) &&
  (rule.region === undefined || rule.region === call.region);

function failure(kind: "throttle" | 500 | 503): SimError {
  if (kind === "throttle") return new SimError("Throttling", "Rate exceeded");
  return kind === 500
    ? new SimError("InternalFailure", "We encountered an internal error. Please try again.")
    : new SimError("ServiceUnavailable", "Service is unavailable. Please try again.");
}

export class FaultInjector {
  private spec: FaultSpec = FaultSpec.parse({});
  private random = new SeededRandom(1);
  private remaining: number[] = [];

  constructor(initial?: FaultSpecInput) {
    if (initial) this.set(initial);
  }

  /** Replaces the active faults (validated; throws a ZodError on bad input). */
  set(input: FaultSpecInput): FaultSpec {
    this.spec = FaultSpec.parse(input);
    this.random = new SeededRandom(this.spec.seed);
    this.remaining = this.spec.failNext.map((rule) => rule.count);
    return this.current();
  }

  reset(): void {
    this.set({});
  }

  current(): FaultSpec {
    return {
      ...this.spec,
      failNext: this.spec.failNext.map((rule, i) => ({ ...rule, count: this.remaining[i] ?? 0 })).filter((r) => r.count > 0),
    };
  }

  isDenied(iamAction: string): boolean {
    return matchesAny(this.spec.deny, iamAction);
  }

  /** Region timeouts apply before authentication, like an unreachable endpoint. */
  hangs(region: string): boolean {
    return this.spec.timeoutRegions.includes(region);
  }

  decide(call: CallScope): FaultDecision {
    const latencyMs = this.spec.latency.filter((rule) => inScope(rule, call)).reduce((sum, rule) => sum + rule.ms, 0);
    const decision: FaultDecision = { latencyMs, hang: this.hangs(call.region), error: null };
    for (const [i, rule] of this.spec.failNext.entries()) {
      if ((this.remaining[i] ?? 0) > 0 && inScope(rule, call)) {
        this.remaining[i] = (this.remaining[i] ?? 0) - 1;
        decision.error = failure(rule.error);
        return decision;
      }
    }
    for (const rule of this.spec.throttle) {
      if (inScope(rule, call) && this.random.next() < rule.rate) {
        decision.error = failure("throttle");
        return decision;
      }
    }
    for (const rule of this.spec.serverError) {
      if (inScope(rule, call) && this.random.next() < rule.rate) {
        decision.error = failure(rule.status);
        return decision;
      }
    }
    return decision;
  }
}
