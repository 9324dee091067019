import { z } from "zod";
import { parseInput } from "@/lib/http/validate";
import { messageTitle, resourceLabel, type AlertMessage } from "../message";
import { DeliveryError, hint, postJson, type Channel, type ChannelTarget, type NotifyDeps } from "./types";

/*
 * PagerDuty Events API v2. One dedup key per (rule, resource): a trigger opens (or updates) the
 * incident, a resolve with the same key closes it; repeats re-trigger the same key, which
 * PagerDuty folds into the open incident.
 */
const PagerDutyInput = z.object({
  routingKey: z.string({ error: "Paste the integration (routing) key." }).trim().regex(/^[A-Za-z0-9]{20,64}$/, "Paste the 32-character integration key of an Events API v2 integration."),
});

const SEVERITY: Record<AlertMessage["rule"]["severity"], "critical" | "warning" | "info"> = { critical: "critical", warning: "warning", info: "info" };

async function enqueue(target: ChannelTarget, body: Record<string, unknown>, deps: NotifyDeps): Promise<void> {
  const routingKey = target.secrets.routingKey;
  if (!routingKey) throw new DeliveryError("the channel has no routing key");
  await postJson(deps.pagerDutyEventsUrl, JSON.stringify({ routing_key: routingKey, ...body }), {}, deps.timeoutMs);
}

function trigger(message: AlertMessage) {
  return {
    event_action: "trigger",
    dedup_key: message.dedupKey,
    payload: {
      summary: messageTitle(message).slice(0, 1024),
      source: resourceLabel(message),
      severity: SEVERITY[message.rule.severity],
      timestamp: message.since,
      component: message.resource.kind,
      group: message.workspace.slug,
      class: message.rule.name,
      custom_details: { summary: message.summary, details: message.details, state: message.kind },
    },
    links: [{ href: message.link, text: "Monitr dashboard" }],
    client: "Monitr",
    client_url: message.link,
  };
}

export const pagerDutyChannel: Channel = {
  label: "PagerDuty",
  publicFields: [],
  prepare: (raw) => {
    const input = parseInput(PagerDutyInput, raw);
    return { config: { keyHint: hint(input.routingKey) }, secrets: { routingKey: input.routingKey } };
  },
  sendAlert: (target, message, deps) => enqueue(target, trigger(message), deps),
  sendResolved: (target, message, deps) => enqueue(target, { event_action: "resolve", dedup_key: message.dedupKey }, deps),
  // A test opens and immediately resolves its own incident, so nobody is left paged.
  test: async (target, message, deps) => {
    await enqueue(target, trigger(message), deps);
    await enqueue(target, { event_action: "resolve", dedup_key: message.dedupKey }, deps);
  },
};
