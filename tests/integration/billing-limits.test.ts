import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, listConnections } from "@/lib/aws";
import type { AwsConfig } from "@/lib/aws/config";
import { assertWithinLimit, getBillingOverview, limitsFor } from "@/lib/billing";
import { PlanLimitError } from "@/lib/http/errors";
import type { AwsSim } from "../../sim/aws/index";
import { startStripeStandIn, type StripeStandIn } from "../helpers/stand-ins/stripe";
import { deliver, startWebhookServer, stripeEvent, subscriptionObject } from "../helpers/stand-ins/stripe-events";
import { nowSeconds, reload, withCustomer } from "../helpers/stand-ins/stripe-kit";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, rejection, simAwsConfig, startSim } from "./aws-test-kit";

let t: TestDatabase;
let stand: StripeStandIn;
let sim: AwsSim;
let aws: AwsConfig;
let webhook: { url: string; close(): Promise<void> };

beforeAll(async () => {
  [t, stand, sim] = await Promise.all([createTestDatabase(), startStripeStandIn(), startSim()]);
  aws = simAwsConfig(sim);
  webhook = await startWebhookServer(() => ({ db: t.db, billing: stand.config() }));
});
afterAll(async () => {
  await webhook?.close();
  await sim?.close();
  await stand?.close();
  await t?.drop();
});

describe("plan limits", () => {
  it("assertWithinLimit allows up to the plan's count and names the upgrade", () => {
    const free = { plan: "free" as const };
    expect(() => assertWithinLimit({ tenant: free, limit: "awsConnections", current: 0 })).not.toThrow();
    const error = (() => {
      try {
        assertWithinLimit({ tenant: free, limit: "alertRules", current: 5 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PlanLimitError);
    expect((error as PlanLimitError).status).toBe(402);
    expect((error as Error).message).toBe("Your Free plan includes 5 alert rules. Upgrade to Pro to create more alert rules.");
    expect(() => assertWithinLimit({ tenant: free, limit: "pagerDuty", current: 0 })).toThrow(/does not include PagerDuty/);
    expect(() => assertWithinLimit({ tenant: { plan: "pro" }, limit: "awsConnections", current: 10_000 })).not.toThrow();
  });

  it("enforces AWS connections before an upgrade, lifts them after, and keeps data but blocks new ones after a downgrade", async () => {
    let ctx = await withCustomer(stand, await createTenant(t.db));
    const connect = async (name: string) => createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx), name } });

    // Free: one account.
    await connect("First");
    const refused = await rejection(connect("Second"));
    expect(refused).toBeInstanceOf(PlanLimitError);
    expect((refused as Error).message).toBe("Your Free plan includes 1 AWS account. Upgrade to Pro to connect more accounts.");
    let overview = await getBillingOverview({ ctx, billing: stand.config() });
    expect(overview.usage.find((u) => u.key === "awsConnections")).toMatchObject({ summary: "1 of 1 AWS accounts", atLimit: true, over: false });

    // Upgrade: the subscription webhook makes the workspace Pro.
    const subscription = subscriptionObject({ customer: ctx.customer, price: stand.proPrice, tenantId: ctx.tenant.id });
    const t0 = nowSeconds() - 60;
    expect((await deliver(webhook.url, stripeEvent("customer.subscription.created", subscription, t0), { secret: stand.webhookSecret })).status).toBe(200);
    ctx = { ...(await reload(ctx)), customer: ctx.customer };
    expect(limitsFor(ctx.tenant).awsConnections).toBe(Number.POSITIVE_INFINITY);
    await connect("Second");
    await connect("Third");
    overview = await getBillingOverview({ ctx, billing: stand.config() });
    expect(overview.plan.id).toBe("pro");
    expect(overview.usage.find((u) => u.key === "awsConnections")?.summary).toBe("3 AWS accounts · Unlimited");

    // Downgrade: cancelled. Nothing is deleted; the overage is shown and new connections are refused.
    const deleted = stripeEvent("customer.subscription.deleted", { ...subscription, status: "canceled" }, t0 + 30);
    expect((await deliver(webhook.url, deleted, { secret: stand.webhookSecret })).status).toBe(200);
    ctx = { ...(await reload(ctx)), customer: ctx.customer };
    expect(ctx.tenant.plan).toBe("free");
    expect((await listConnections(ctx)).filter((c) => !c.disconnectedAt)).toHaveLength(3);
    expect(await rejection(connect("Fourth"))).toBeInstanceOf(PlanLimitError);
    overview = await getBillingOverview({ ctx, billing: stand.config() });
    expect(overview.usage.find((u) => u.key === "awsConnections")).toMatchObject({ summary: "3 of 1 AWS accounts", over: true });
  });
});
