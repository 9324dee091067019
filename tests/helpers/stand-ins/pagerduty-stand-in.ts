import { startHttpStandIn, type HttpStandIn } from "./http-stand-in";

/*
 * PagerDuty Events API v2 (/v2/enqueue): validates the event like PagerDuty does (routing key,
 * action, a summary for triggers) and keeps incidents by dedup key: a trigger opens, a resolve
 * closes, a repeated trigger on an open key is folded into it.
 */
export type PagerDutyEvent = { routing_key: string; event_action: "trigger" | "acknowledge" | "resolve"; dedup_key?: string; payload?: { summary?: string; severity?: string; source?: string }; links?: unknown };

export type PagerDutyStandIn = HttpStandIn & { eventsUrl: string; events: PagerDutyEvent[]; incidents: Map<string, { status: "triggered" | "resolved"; triggers: number }> };

export async function startPagerDutyStandIn(options: { routingKey: string }): Promise<PagerDutyStandIn> {
  const events: PagerDutyEvent[] = [];
  const incidents: PagerDutyStandIn["incidents"] = new Map();
  const server = await startHttpStandIn((req) => {
    if (req.method !== "POST" || req.path !== "/v2/enqueue") return { status: 404, body: { status: "invalid request" } };
    let event: PagerDutyEvent;
    try {
      event = JSON.parse(req.body) as PagerDutyEvent;
    } catch {
      return { status: 400, body: { status: "invalid event", message: "Event object is invalid" } };
    }
    if (event.routing_key !== options.routingKey) return { status: 400, body: { status: "invalid event", message: "Invalid routing key" } };
    if (event.event_action === "trigger" && !event.payload?.summary) return { status: 400, body: { status: "invalid event", errors: ["'payload.summary' is missing"] } };
    if (event.event_action !== "trigger" && !event.dedup_key) return { status: 400, body: { status: "invalid event", errors: ["'dedup_key' is missing"] } };
    events.push(event);
    const key = event.dedup_key ?? `auto-${events.length}`;
    const incident = incidents.get(key);
    if (event.event_action === "trigger") incidents.set(key, { status: "triggered", triggers: (incident?.status === "triggered" ? incident.triggers : 0) + 1 });
    if (event.event_action === "resolve" && incident) incident.status = "resolved";
    return { status: 202, body: { status: "success", message: "Event processed", dedup_key: key } };
  });
  return { ...server, eventsUrl: `${server.url}/v2/enqueue`, events, incidents };
}
