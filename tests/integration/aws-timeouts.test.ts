import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "@/lib/aws";
import { collectMetrics, runSync } from "@/lib/collect";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, MINUTE, simAwsConfig, startSim } from "./aws-test-kit";

/*
 * An AWS endpoint that never answers must fail the call after requestTimeoutMs (and be retried),
 * not hang the run and its (tenant, connection, region, kind) lock forever.
 */
let t: TestDatabase;
let sim: AwsSim;

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 50 * MINUTE).toISOString() });
});
afterAll(async () => {
  sim?.resetFaults();
  await sim?.close();
  await t?.drop();
});

describe("AWS calls that never answer", () => {
  it("time out, are retried, and fail the run with a clear error instead of hanging", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws: simAwsConfig(sim), input: { roleArn: createTenantRole(sim, ctx) } });
    sim.setFaults({ timeoutRegions: ["eu-west-1"] });
    const aws = simAwsConfig(sim, { requestTimeoutMs: 300, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
    const started = Date.now();
    const result = await runSync({ db: t.db, aws }, { tenantId: ctx.tenant.id, connectionId: connection.id, region: "eu-west-1", kind: "metrics" }, collectMetrics, { rethrow: false });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/TimeoutError|ETIMEDOUT|requestTimeout/);
    // Every attempt was made (and counted) before giving up.
    expect(result.apiCalls).toBeGreaterThanOrEqual(3);
    sim.resetFaults();
    const healthy = await runSync({ db: t.db, aws }, { tenantId: ctx.tenant.id, connectionId: connection.id, region: "us-east-1", kind: "metrics" }, collectMetrics);
    expect(healthy.status).toBe("succeeded");
  }, 30_000);
});
