import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assumeRole, createConnection, disconnectConnection, invalidateCredentials, type Connection } from "@/lib/aws";
import { createApiCallCounter } from "@/lib/aws/api-counter";
import { createCredentialStore, roleKeyOf } from "@/lib/aws/credential-store";
import { roleTarget } from "@/lib/aws/test-connection";
import type { TenantContext } from "@/lib/auth/guard";
import { generateEncryptionKey, parseKeyring } from "@/lib/crypto";
import { schema, withTenant } from "@/lib/db";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, MINUTE, simAwsConfig, startSim } from "./aws-test-kit";

/*
 * Issue #4: "one STS call per connection per hour at most, not per job" — with several workers.
 * Workers are separate processes here (tests/integration/collect-child-run.ts), each with its own
 * in-memory cache, as in production.
 */
let t: TestDatabase;
let sim: AwsSim;
const KEY = `k1:${generateEncryptionKey()}`;
const ring = parseKeyring(KEY);

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 50 * MINUTE).toISOString() });
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

type Account = { ctx: TenantContext; connection: Connection };

async function connected(): Promise<Account> {
  const ctx = await createTenant(t.db);
  const connection = await createConnection({ ctx, aws: simAwsConfig(sim), input: { roleArn: createTenantRole(sim, ctx) } });
  return { ctx, connection };
}

/** A metrics run in a worker process of its own; resolves when it exits. */
function workerRun(a: Account, region: string, shared: boolean): Promise<number | null> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url, SIM_URL: sim.url, SIM_NOW: sim.now().toISOString(), TENANT_ID: a.ctx.tenant.id, CONNECTION_ID: a.connection.id, REGION: region };
  if (shared) env.APP_ENCRYPTION_KEY = KEY;
  else delete env.APP_ENCRYPTION_KEY;
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/integration/collect-child-run.ts")], { env, stdio: "inherit" });
  return new Promise((resolve) => child.on("exit", resolve));
}

/** AssumeRole calls the account's metrics runs made, from their sync records. */
async function assumeRoleCalls(a: Account): Promise<number[]> {
  const runs = await withTenant(
    a.ctx.tenant.id,
    (tx) => tx.select().from(schema.syncRuns).where(and(eq(schema.syncRuns.tenantId, a.ctx.tenant.id), eq(schema.syncRuns.kind, "metrics"))).orderBy(schema.syncRuns.startedAt),
    { db: t.db },
  );
  for (const run of runs) expect(run.status).toBe("succeeded");
  return runs.map((r) => ((r.details.apiCallsByAction as Record<string, number> | undefined)?.AssumeRole ?? 0));
}

const storedSessions = (a: Account) => withTenant(a.ctx.tenant.id, (tx) => tx.select().from(schema.awsRoleSessions), { db: t.db });

describe("role sessions shared by workers", () => {
  it("two workers starting together assume the role once, and a later worker not at all", async () => {
    const a = await connected();
    expect(await Promise.all([workerRun(a, "us-east-1", true), workerRun(a, "eu-west-1", true)])).toEqual([0, 0]);
    expect((await assumeRoleCalls(a)).reduce((n, c) => n + c, 0)).toBe(1);
    expect(await workerRun(a, "us-east-1", true)).toBe(0);
    expect((await assumeRoleCalls(a)).at(-1)).toBe(0);

    // At rest the secret key and the token are sealed; only the access key id is in the clear.
    const [row] = await storedSessions(a);
    const target = roleTarget(a.ctx.tenant.id, a.connection.roleArn, a.ctx.tenant.externalId);
    expect(row).toMatchObject({ roleKey: roleKeyOf(target), accountId: a.connection.awsAccountId });
    const opened = await createCredentialStore(t.db, a.ctx.tenant.id, ring).obtain(target, { usable: () => true, fetch: () => Promise.reject(new Error("must not fetch")) });
    expect(opened.accessKeyId).toBe(row?.accessKeyId);
    expect(row?.sealed).not.toContain(opened.secretAccessKey);
    expect(row?.sealed).not.toContain(opened.sessionToken);
  });

  it("without APP_ENCRYPTION_KEY each worker assumes the role itself", async () => {
    const a = await connected();
    expect(await Promise.all([workerRun(a, "us-east-1", false), workerRun(a, "eu-west-1", false)])).toEqual([0, 0]);
    expect(await assumeRoleCalls(a)).toEqual([1, 1]);
    expect(await storedSessions(a)).toEqual([]);
  });

  it("never hands out a session AWS called expired, and replaces one sealed under a retired key", async () => {
    const a = await connected();
    const aws = simAwsConfig(sim);
    const target = roleTarget(a.ctx.tenant.id, a.connection.roleArn, a.ctx.tenant.externalId);
    const store = createCredentialStore(t.db, a.ctx.tenant.id, ring);
    const counter = createApiCallCounter();
    const first = await assumeRole(aws, target, { counter, store });
    expect(await assumeRole(aws, target, { counter, store })).toEqual(first);
    const calls = counter.byAction.AssumeRole ?? 0;
    invalidateCredentials(target);
    const second = await assumeRole(aws, target, { counter, store });
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(counter.byAction.AssumeRole).toBe(calls + 1);
    expect((await storedSessions(a))[0]?.accessKeyId).toBe(second.accessKeyId);

    let fetched = 0;
    const rotated = createCredentialStore(t.db, a.ctx.tenant.id, parseKeyring(`k2:${generateEncryptionKey()}`));
    const third = await rotated.obtain(target, { usable: () => true, fetch: () => (fetched++, assumeRole(aws, target, { fresh: true })) });
    expect(fetched).toBe(1);
    expect((await storedSessions(a))[0]?.accessKeyId).toBe(third.accessKeyId);
  });

  it("forgets the stored session when the connection is disconnected", async () => {
    const a = await connected();
    expect(await workerRun(a, "us-east-1", true)).toBe(0);
    expect(await storedSessions(a)).toHaveLength(1);
    await disconnectConnection({ ctx: a.ctx, id: a.connection.id });
    expect(await storedSessions(a)).toEqual([]);
  });
});
