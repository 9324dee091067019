import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { acknowledgeAlert, createMute, createRule, evaluateTenant, listTransitions } from "@/lib/alerts";
import { schema, withTenant } from "@/lib/db";
import { UpstreamError } from "@/lib/http/errors";
import { createMailer } from "@/lib/mail";
import { createChannel, deliverOutbox, FLAG_AFTER_FAILURES, listChannels, sendTestMessage, verifySignature, type NotifyDeps } from "@/lib/notify";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addResource, addSeries, at, MINUTE, ORIGIN, T0, TEST_KEYRING, writeAt } from "../helpers/stand-ins/alert-fixtures";
import { startPagerDutyStandIn, type PagerDutyStandIn } from "../helpers/stand-ins/pagerduty-stand-in";
import { startSlackStandIn, type SlackStandIn } from "../helpers/stand-ins/slack-stand-in";
import { startSmtpStandIn, type SmtpStandIn } from "../helpers/stand-ins/smtp-stand-in";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/stand-ins/webhook-receiver";
import { createTenant, rejection } from "./aws-test-kit";

/*
 * Alerts delivered to real local servers standing in for Slack (Web API and incoming webhook),
 * PagerDuty Events v2, SMTP and a customer's webhook endpoint. Each test drives evaluation and
 * delivery with an explicit clock and asserts what each receiver got.
 */
const SLACK_TOKEN = "xoxb-test-0123456789";
const PD_KEY = "R0UT1NGKEY0123456789abcdefABCDEF";
const MEM = "CWAgent/mem_used_percent";
const connectionId = crypto.randomUUID();

let t: TestDatabase;
let slack: SlackStandIn;
let pd: PagerDutyStandIn;
let smtp: SmtpStandIn;
let hook: WebhookReceiver;
let deps: NotifyDeps;

beforeAll(async () => {
  [t, slack, pd, smtp, hook] = await Promise.all([createTestDatabase(), startSlackStandIn({ token: SLACK_TOKEN }), startPagerDutyStandIn({ routingKey: PD_KEY }), startSmtpStandIn(), startWebhookReceiver()]);
  deps = { mailer: createMailer({ smtpUrl: smtp.url, from: "Monitr <alerts@monitr.test>", mailDir: ".data/unused" }), slackApiUrl: slack.apiUrl, pagerDutyEventsUrl: pd.eventsUrl, timeoutMs: 2000 };
});
afterAll(async () => {
  await Promise.all([t?.drop(), slack?.close(), pd?.close(), smtp?.close(), hook?.close()]);
});
afterEach(async () => {
  await hook.up();
  slack.messages.length = 0;
  pd.events.length = 0;
  pd.incidents.clear();
  smtp.mails.length = 0;
  hook.deliveries.length = 0;
});

type World = { ctx: TenantContext; seriesId: number; channels: Record<string, string>; signingSecret: string };

async function world(): Promise<World> {
  const ctx = await createTenant(t.db, { plan: "pro" });
  await addResource(t.db, ctx.tenant.id, { connectionId, id: "i-0hot", name: "web-1" });
  const seriesId = await addSeries(t.db, ctx.tenant.id, { connectionId, resourceId: "i-0hot", metric: MEM });
  const make = (input: Record<string, unknown>) => createChannel({ ctx, keyring: TEST_KEYRING, input });
  const slackBot = await make({ type: "slack", name: "Slack #ops", mode: "bot", botToken: SLACK_TOKEN, channel: "#ops" });
  const slackHook = await make({ type: "slack", name: "Slack hook", mode: "webhook", webhookUrl: slack.webhookUrl(`T0/B0/${crypto.randomBytes(6).toString("hex")}`) });
  const pager = await make({ type: "pagerduty", name: "On-call", routingKey: PD_KEY });
  const email = await make({ type: "email", name: "Ops email", to: "ops@acme.test, lead@acme.test" });
  const webhook = await make({ type: "webhook", name: "Hook", url: hook.hookUrl });
  const signingSecret = webhook.revealed?.signingSecret ?? "";
  hook.setSecret(signingSecret);
  return { ctx, seriesId, signingSecret, channels: { slackBot: slackBot.channel.id, slackHook: slackHook.channel.id, pager: pager.channel.id, email: email.channel.id, webhook: webhook.channel.id } };
}

async function rule(w: World, over: Record<string, unknown> = {}, channels = Object.values(w.channels)) {
  return createRule({
    ctx: w.ctx,
    input: {
      name: "Memory high",
      scope: { type: "kind", kind: "ec2_instance" },
      conditions: [{ metric: MEM, stat: "avg", windowSeconds: 60, comparator: "gt", threshold: 80 }],
      duration: { type: "for", seconds: 60 },
      severity: "critical",
      channelIds: channels,
      ...over,
    },
  });
}

async function cycle(w: World, minute: number) {
  const evaluation = await evaluateTenant({ db: t.db, tenantId: w.ctx.tenant.id, now: at(minute), origin: ORIGIN });
  const delivery = await deliverOutbox({ db: t.db, tenantId: w.ctx.tenant.id, keyring: TEST_KEYRING, deps, now: at(minute) });
  return { evaluation, delivery };
}

const counts = () => ({ slack: slack.messages.length, pd: pd.events.length, mail: smtp.mails.length, hook: hook.deliveries.length });

describe("notifications through the outbox", () => {
  it("sends exactly one message per transition to every channel, then one resolved message", async () => {
    const w = await world();
    await rule(w);
    await writeAt(t.db, w.ctx.tenant.id, w.seriesId, [[0, 95]]);
    await cycle(w, 1);
    expect(counts()).toEqual({ slack: 2, pd: 1, mail: 1, hook: 1 });
    await writeAt(t.db, w.ctx.tenant.id, w.seriesId, [[1, 96]]);
    await cycle(w, 2);
    expect(counts()).toEqual({ slack: 2, pd: 1, mail: 1, hook: 1 });
    await writeAt(t.db, w.ctx.tenant.id, w.seriesId, [[2, 10]]);
    await cycle(w, 3);
    expect(counts()).toEqual({ slack: 4, pd: 2, mail: 2, hook: 2 });

    // What fired, where, the value against the threshold, since when, and the dashboard link.
    const [firing, resolved] = smtp.mails;
    expect(firing!.subject).toBe("[FIRING] Memory high - web-1 (i-0hot)");
    expect(firing!.to.sort()).toEqual(["lead@acme.test", "ops@acme.test"]);
    expect(firing!.decoded).toContain("Memory used avg over 1 min = 95 % (threshold > 80 %)");
    expect(firing!.decoded).toContain("Since: 2026-01-05 12:01 UTC");
    expect(resolved!.subject).toBe("[RESOLVED] Memory high - web-1 (i-0hot)");
    const link = (hook.deliveries[0]!.body.link as string);
    expect(link).toMatch(/^http:\/\/acme-[a-z0-9]+\.localhost:3999\/dashboards\/ec2\/i-0hot\?from=.+&to=.+$/);
    expect(new URL(link).searchParams.get("from")).toBe(new Date(T0 + MINUTE - 3600_000).toISOString());
    expect(slack.messages.filter((m) => m.via === "api").map((m) => m.channel)).toEqual(["#ops", "#ops"]);
    expect(slack.messages[0]!.text).toContain("[FIRING] Memory high");

    // PagerDuty: trigger and resolve share one dedup key per (rule, resource); the incident closes.
    expect(pd.events.map((e) => e.event_action)).toEqual(["trigger", "resolve"]);
    expect(pd.events[0]!.dedup_key).toBe(pd.events[1]!.dedup_key);
    expect(pd.events[0]!.payload).toMatchObject({ severity: "critical", source: "web-1 (i-0hot)" });
    expect([...pd.incidents.values()]).toEqual([{ status: "resolved", triggers: 1 }]);

    // Webhooks: HMAC-SHA256 over the exact body verifies with the secret shown once; keys differ per transition.
    expect(hook.deliveries.every((d) => d.verified)).toBe(true);
    expect(hook.deliveries.map((d) => d.body.event)).toEqual(["firing", "resolved"]);
    expect(new Set(hook.deliveries.map((d) => d.idempotencyKey)).size).toBe(2);
    expect(hook.deliveries[0]!.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature("whsec_wrong", hook.deliveries[0]!.raw, hook.deliveries[0]!.signature)).toBe(false);
    expect(verifySignature(w.signingSecret, hook.deliveries[0]!.raw.replace("firing", "resolved"), hook.deliveries[0]!.signature)).toBe(false);
  });

  it("keeps secrets encrypted at rest and out of every answer", async () => {
    const w = await world();
    const rows = await withTenant(w.ctx.tenant.id, (tx) => tx.select().from(schema.alertChannels).where(eq(schema.alertChannels.tenantId, w.ctx.tenant.id)), { db: t.db });
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(SLACK_TOKEN);
    expect(stored).not.toContain(PD_KEY);
    expect(stored).not.toContain(w.signingSecret);
    expect(rows.find((r) => r.type === "slack" && r.config.mode === "bot")!.secrets).toMatch(/^v1\.k1\./);
    const listed = JSON.stringify(await listChannels(w.ctx));
    expect(listed).not.toContain(SLACK_TOKEN);
    expect(listed).not.toContain(w.signingSecret);
    expect(listed).toContain("…6789");
  });

  it("repeats while firing at the repeat interval, and acknowledging stops the repeats", async () => {
    const w = await world();
    const r = await rule(w, { repeatIntervalSeconds: 300 }, [w.channels.pager!]);
    await writeAt(t.db, w.ctx.tenant.id, w.seriesId, Array.from({ length: 20 }, (_, i) => [i, 95] as [number, number]));
    for (const minute of [1, 2, 3, 4, 5]) await cycle(w, minute);
    expect(pd.events.length).toBe(1);
    await cycle(w, 6);
    expect(pd.events.length).toBe(2);
    expect(pd.events[1]!.dedup_key).toBe(pd.events[0]!.dedup_key);
    expect([...pd.incidents.values()]).toEqual([{ status: "triggered", triggers: 2 }]);
    await acknowledgeAlert({ ctx: w.ctx, ruleId: r.id, resourceId: "i-0hot", now: at(7) });
    for (const minute of [11, 12, 17]) await cycle(w, minute);
    expect(pd.events.length).toBe(2);
  });

  it("stays silent during a mute window, keeps evaluating, and announces a still-firing alert when it ends", async () => {
    const w = await world();
    const r = await rule(w, {}, [w.channels.webhook!]);
    await createMute({ ctx: w.ctx, input: { kind: "once", name: "deploy", ruleId: r.id, startsAt: at(0).toISOString(), endsAt: at(5).toISOString() } });
    await writeAt(t.db, w.ctx.tenant.id, w.seriesId, Array.from({ length: 10 }, (_, i) => [i, 95] as [number, number]));
    await cycle(w, 1);
    await cycle(w, 3);
    expect(hook.deliveries).toHaveLength(0);
    const history = await listTransitions(w.ctx, { ruleId: r.id });
    expect(history.map((h) => [h.to, h.muted])).toEqual([["firing", true]]);
    await cycle(w, 6);
    await cycle(w, 7);
    expect(hook.deliveries.map((d) => d.body.event)).toEqual(["firing"]);
  });

  it("holds messages while the receiver is down, flags the channel, and delivers every one once it is back", async () => {
    const w = await world();
    await rule(w, {}, [w.channels.webhook!]);
    await hook.down();
    await writeAt(t.db, w.ctx.tenant.id, w.seriesId, [[0, 95], [2, 10], [4, 97]]);
    let minute = 1;
    for (; minute <= 5; minute++) await cycle(w, minute);
    // firing, resolved, firing again: three messages waiting, in order.
    let [channel] = (await listChannels(w.ctx)).filter((c) => c.id === w.channels.webhook);
    expect(channel).toMatchObject({ pending: 3, health: "failing" });
    expect(channel!.lastError).toMatch(/could not reach 127\.0\.0\.1/);
    // Keep failing until the channel is flagged to the admins.
    for (let i = 0; channel!.consecutiveFailures < FLAG_AFTER_FAILURES && i < 20; i++) {
      minute += 60;
      await deliverOutbox({ db: t.db, tenantId: w.ctx.tenant.id, keyring: TEST_KEYRING, deps, now: at(minute) });
      [channel] = (await listChannels(w.ctx)).filter((c) => c.id === w.channels.webhook);
    }
    expect(channel).toMatchObject({ health: "flagged", pending: 3 });
    const bell = await withTenant(w.ctx.tenant.id, (tx) => tx.select().from(schema.inAppNotifications).where(and(eq(schema.inAppNotifications.tenantId, w.ctx.tenant.id), eq(schema.inAppNotifications.userId, w.ctx.actor.userId))), { db: t.db });
    expect(bell.map((n) => n.title)).toContain('Notification channel "Hook" is failing');
    expect(hook.deliveries).toHaveLength(0);

    await hook.up();
    // Not before the backoff is over…
    await deliverOutbox({ db: t.db, tenantId: w.ctx.tenant.id, keyring: TEST_KEYRING, deps, now: at(minute) });
    expect(hook.deliveries).toHaveLength(0);
    await deliverOutbox({ db: t.db, tenantId: w.ctx.tenant.id, keyring: TEST_KEYRING, deps, now: at(minute + 60) });
    await deliverOutbox({ db: t.db, tenantId: w.ctx.tenant.id, keyring: TEST_KEYRING, deps, now: at(minute + 120) });
    expect(hook.deliveries.map((d) => d.body.event)).toEqual(["firing", "resolved", "firing"]);
    expect(new Set(hook.deliveries.map((d) => d.idempotencyKey)).size).toBe(3);
    [channel] = (await listChannels(w.ctx)).filter((c) => c.id === w.channels.webhook);
    expect(channel).toMatchObject({ health: "ok", pending: 0, consecutiveFailures: 0 });
  });

  it("sends once when two workers evaluate and deliver at the same time", async () => {
    const w = await world();
    await rule(w);
    await writeAt(t.db, w.ctx.tenant.id, w.seriesId, [[0, 95]]);
    await Promise.all([cycle(w, 1), cycle(w, 1), cycle(w, 1)]);
    await Promise.all([
      deliverOutbox({ db: t.db, tenantId: w.ctx.tenant.id, keyring: TEST_KEYRING, deps, now: at(1) }),
      deliverOutbox({ db: t.db, tenantId: w.ctx.tenant.id, keyring: TEST_KEYRING, deps, now: at(1) }),
    ]);
    expect(counts()).toEqual({ slack: 2, pd: 1, mail: 1, hook: 1 });
  });

  it("sends a test message per channel and reports a failing one", async () => {
    const w = await world();
    const origin = { appDomain: "localhost:3999", protocol: "http" as const };
    for (const id of Object.values(w.channels)) await sendTestMessage({ ctx: w.ctx, keyring: TEST_KEYRING, deps, id, origin });
    expect(counts()).toEqual({ slack: 2, pd: 2, mail: 1, hook: 1 });
    expect(smtp.mails[0]!.subject).toBe("[TEST] Test notification - Monitr (test)");
    expect(hook.deliveries[0]!.verified).toBe(true);
    await hook.down();
    const error = await rejection(sendTestMessage({ ctx: w.ctx, keyring: TEST_KEYRING, deps, id: w.channels.webhook!, origin }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(/The test message was not delivered: could not reach/);
    const badSlack = await createChannel({ ctx: w.ctx, keyring: TEST_KEYRING, input: { type: "slack", name: "Wrong token", mode: "bot", botToken: "xoxb-wrong-token-000", channel: "#ops" } });
    expect((await rejection(sendTestMessage({ ctx: w.ctx, keyring: TEST_KEYRING, deps, id: badSlack.channel.id, origin })) as Error).message).toMatch(/invalid_auth/);
  });

  it("keeps PagerDuty on the Pro plan", async () => {
    const ctx = await createTenant(t.db);
    const error = await rejection(createChannel({ ctx, keyring: TEST_KEYRING, input: { type: "pagerduty", name: "On-call", routingKey: PD_KEY } }));
    expect(error).toMatchObject({ code: "plan_limit" });
  });
});
