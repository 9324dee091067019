import type { DeleteHooks } from "@/lib/team";

/*
 * What else must happen when a workspace is deleted. The Stripe subscription belongs to the
 * billing module (issue #8): when lib/billing exports cancelSubscriptionOnDelete, call it here.
 */
export function deleteHooks(): DeleteHooks {
  return {};
}
