import { parseBody, startHttpStandIn, type HttpStandIn } from "./http-stand-in";

/*
 * Slack's Web API (chat.postMessage with a bot token, as @slack/web-api sends it) and incoming
 * webhooks (/hooks/<path>). Messages to a channel are kept per channel; a wrong token gets Slack's
 * own `invalid_auth` answer.
 */
export type SlackMessage = { via: "api" | "webhook"; channel: string | null; text: string; blocks: unknown };

export type SlackStandIn = HttpStandIn & { apiUrl: string; messages: SlackMessage[]; webhookUrl(path: string): string };

export async function startSlackStandIn(options: { token: string }): Promise<SlackStandIn> {
  const messages: SlackMessage[] = [];
  const server = await startHttpStandIn((req) => {
    if (req.method === "POST" && req.path === "/api/chat.postMessage") {
      if (req.headers.authorization !== `Bearer ${options.token}`) return { status: 200, body: { ok: false, error: "invalid_auth" } };
      const body = parseBody(req);
      if (!body.channel) return { status: 200, body: { ok: false, error: "channel_not_found" } };
      messages.push({ via: "api", channel: String(body.channel), text: String(body.text ?? ""), blocks: body.blocks });
      return { status: 200, body: { ok: true, channel: body.channel, ts: `${Date.now() / 1000}` } };
    }
    if (req.method === "POST" && req.path.startsWith("/hooks/")) {
      const body = JSON.parse(req.body || "{}") as { text?: string; blocks?: unknown };
      messages.push({ via: "webhook", channel: null, text: body.text ?? "", blocks: body.blocks });
      return { status: 200, body: "ok" };
    }
    return { status: 404, body: { ok: false, error: "unknown_method" } };
  });
  return { ...server, apiUrl: `${server.url}/api/`, messages, webhookUrl: (path) => `${server.url}/hooks/${path}` };
}
