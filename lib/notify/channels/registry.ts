import type { CHANNEL_TYPES } from "@/db/tables/alerts";
import { emailChannel } from "./email";
import { pagerDutyChannel } from "./pagerduty";
import { slackChannel } from "./slack";
import type { Channel } from "./types";
import { webhookChannel } from "./webhook";

export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** One entry per channel type: adding a type to the table without a channel here is a type error. */
export const CHANNELS: Record<ChannelType, Channel> = {
  slack: slackChannel,
  email: emailChannel,
  pagerduty: pagerDutyChannel,
  webhook: webhookChannel,
};
