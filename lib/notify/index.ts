/*
 * Notifications: channels (Slack, email, PagerDuty, webhook) behind one registry, the outbox that
 * alert evaluation writes in its own transaction, delivery with per-channel backoff, and the
 * in-app bell. Secrets are encrypted with lib/crypto and never leave this module in clear.
 */
export { CHANNELS, type ChannelType } from "./channels/registry";
export { DeliveryError, type NotifyDeps, type ChannelTarget, type Channel } from "./channels/types";
export { SIGNATURE_HEADER, IDEMPOTENCY_HEADER, signBody, verifySignature } from "./channels/webhook";
export { AlertMessage, messageText, messageTitle, type MessageKind } from "./message";
export { loadNotifyDeps, notifyDeps } from "./config";
export { listChannels, getChannel, FLAG_AFTER_FAILURES, type ChannelView } from "./channel-queries";
export { createChannel, updateChannel, deleteChannel, sendTestMessage } from "./channel-verbs";
export { enqueueNotifications, type OutboxEntry, type OutboxKind } from "./outbox";
export { deliverOutbox, nextDeliveryAt, backoffSeconds, LEASE_SECONDS, type DeliveryReport } from "./deliver-outbox";
export { notifyMembers, listNotifications, unreadCount, markNotificationsRead, type InAppNotification, type NewNotification } from "./in-app";
export { ChannelBase, ChannelPatch, MarkReadInput } from "./schemas";
