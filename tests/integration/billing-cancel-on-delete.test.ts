import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelSubscriptionOnDelete, NO_BILLING } from "@/lib/billing";
import { UpstreamError } from "@/lib/http/errors";
import { deleteWorkspace } from "@/lib/team";
import { startStripeStandIn, type StripeStandIn } from "../helpers/stand-ins/stripe";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, rejection } from "./aws-test-kit";

let t: TestDatabase;
let stand: StripeStandIn;
beforeAll(async () => {
  [t, stand] = await Promise.all([createTestDatabase(), startStripeStandIn()]);
});
afterAll(async () => {
  await stand?.close();
  await t?.drop();
});

async function subscribed(status: string) {
  const ctx = await createTenant(t.db);
  const sub = `sub_${Math.random().toString(36).slice(2, 10)}`;
  await t.db.execute(sql`update tenants set stripe_customer_id = ${'cus_' + sub}, stripe_subscription_id = ${sub}, subscription_status = ${status}, plan = 'pro' where id = ${ctx.tenant.id}`);
  return { ctx, sub };
}

const cancels = (sub: string) => stand.requests.filter((r) => r.method === "DELETE" && r.path === `/v1/subscriptions/${sub}`);

describe("deleting a workspace", () => {
  it("cancels a live subscription at Stripe before the data goes", async () => {
    const { ctx, sub } = await subscribed("active");
    const hooks = { beforeDelete: () => cancelSubscriptionOnDelete({ db: t.db, billing: stand.config(), tenantId: ctx.tenant.id }).then(() => undefined) };
    await deleteWorkspace({ ctx, input: { confirm: ctx.tenant.slug }, hooks });
    expect(cancels(sub)).toHaveLength(1);
    const left = await t.db.execute(sql`select count(*)::int as n from tenants where id = ${ctx.tenant.id}`);
    expect(left.rows[0]).toEqual({ n: 0 });
  });

  it("makes no Stripe call for an already cancelled subscription", async () => {
    const { ctx, sub } = await subscribed("canceled");
    expect(await cancelSubscriptionOnDelete({ db: t.db, billing: stand.config(), tenantId: ctx.tenant.id })).toEqual({ cancelled: null });
    expect(cancels(sub)).toHaveLength(0);
  });

  it("refuses the delete, keeping everything, when the subscription cannot be cancelled", async () => {
    const { ctx, sub } = await subscribed("past_due");
    const hooks = { beforeDelete: () => cancelSubscriptionOnDelete({ db: t.db, billing: NO_BILLING, tenantId: ctx.tenant.id }).then(() => undefined) };
    const error = await rejection(deleteWorkspace({ ctx, input: { confirm: ctx.tenant.slug }, hooks }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(cancels(sub)).toHaveLength(0);
    const left = await t.db.execute(sql`select count(*)::int as n from tenants where id = ${ctx.tenant.id}`);
    expect(left.rows[0]).toEqual({ n: 1 });
  });
});
