import { billingConfig, cancelSubscriptionOnDelete } from "@/lib/billing";
import { getDb } from "@/lib/db";
import type { DeleteHooks } from "@/lib/team";

/** What else must happen when a workspace is deleted: its Stripe subscription ends first. */
export function deleteHooks(): DeleteHooks {
  return {
    beforeDelete: async (tenant) => {
      await cancelSubscriptionOnDelete({ db: getDb(), billing: billingConfig(), tenantId: tenant.id });
    },
  };
}
