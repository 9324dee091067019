import type { PgBoss } from "pg-boss";
import { logger } from "@/lib/log";
import { withLogContext } from "./log-context";
import { instruments } from "./prom-registry";

type JobLike = { id?: string; data?: unknown };

function tenantOf(job: JobLike | undefined): string | undefined {
  const data = job?.data;
  if (data && typeof data === "object" && "tenantId" in data && typeof data.tenantId === "string") return data.tenantId;
  return undefined;
}

/**
 * Decorates boss.work so every handler registered afterwards — AWS collection, alerts,
 * notifications, reports, whoever adds a queue — is timed and counted by queue and runs in a log
 * context carrying the job id and tenant id. One call in startWorker instead of an edit per queue.
 */
export function instrumentBoss(boss: PgBoss): void {
  const original = boss.work.bind(boss) as (...args: unknown[]) => Promise<string>;
  const patched = (name: string, ...rest: unknown[]) => {
    const last = rest.length - 1;
    const handler = rest[last];
    if (typeof handler !== "function") return original(name, ...rest);
    const wrapped = async (jobs: JobLike[]) => {
      const first = Array.isArray(jobs) ? jobs[0] : undefined;
      const started = performance.now();
      return withLogContext({ queue: name, jobId: first?.id, tenantId: tenantOf(first) }, async () => {
        const { jobDuration, jobFailures } = instruments();
        try {
          const result: unknown = await (handler as (jobs: JobLike[]) => Promise<unknown>)(jobs);
          jobDuration.observe({ queue: name, outcome: "ok" }, (performance.now() - started) / 1000);
          return result;
        } catch (error) {
          jobDuration.observe({ queue: name, outcome: "failed" }, (performance.now() - started) / 1000);
          jobFailures.inc({ queue: name });
          logger.warn({ err: error }, "job failed");
          throw error;
        }
      });
    };
    return original(name, ...rest.slice(0, last), wrapped);
  };
  boss.work = patched as typeof boss.work;
}
