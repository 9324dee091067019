/*
 * Run as its own process by ops-logs.test.ts: a real route handler (lib/http's handler(), the one
 * every route uses) receives a sign-up body with a password and a Slack token and fails with an
 * error that quotes the body; a worker-style log line carries a Slack token, a webhook URL and a
 * database URL. Everything goes to stdout through the real logger.
 */
import { handler, readJson } from "@/lib/http";
import { logger } from "@/lib/log";
import { withLogContext } from "@/lib/observability";

const [password, slackToken, apiKey] = process.argv.slice(2);

const signup = handler(async (request: Request) => {
  const body = (await readJson(request)) as Record<string, unknown>;
  logger.info({ body, headers: Object.fromEntries(request.headers.entries()) }, "sign-up received");
  throw new Error(`could not sign up with ${JSON.stringify(body)} (password=${password})`);
});

const response = await signup(
  new Request("http://acme.localhost:3000/api/signup", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, "x-request-id": "req-known-1" },
    body: JSON.stringify({ email: "ada@acme.test", password, slack: { botToken: slackToken } }),
  }),
);

withLogContext({ jobId: "job-42", queue: "notify-deliver", tenantId: "00000000-0000-4000-8000-000000000001" }, () => {
  logger.warn({ channel: { type: "slack", config: { token: slackToken, webhookUrl: "https://hooks.slack.com/services/T000/B000/XXXX" } } }, "slack delivery failed");
  logger.error(`delivery failed: token ${slackToken} rejected; db postgres://monitr:${password}@db:5432/monitr`);
});

process.stderr.write(JSON.stringify({ status: response.status, requestId: response.headers.get("x-request-id"), body: await response.text() }) + "\n");
logger.flush();
