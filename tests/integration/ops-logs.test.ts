import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function runChild(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "tests/integration/ops-log-child.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "debug", MONITR_PROCESS: "web" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ stdout, stderr, code }));
  });
}

describe("structured logs", () => {
  it("carry request and job ids as JSON, and never contain the secrets they were handed", async () => {
    const password = "Tr0ub4dor&3-known-secret";
    const slackToken = "xoxb-111111111111-222222222222-KnownSlackSecret";
    const apiKey = "mk_0123abcd_" + "S".repeat(43);
    const { stdout, stderr, code } = await runChild([password, slackToken, apiKey]);
    expect(code).toBe(0);
    const result = JSON.parse(stderr.trim().split("\n").pop() ?? "{}") as { status: number; requestId: string; body: string };
    expect(result.status).toBe(500);
    expect(result.requestId).toBe("req-known-1");
    expect(result.body).not.toContain(password);

    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const received = lines.find((l) => l.msg === "sign-up received");
    expect(received).toMatchObject({ requestId: "req-known-1", route: "/api/signup", service: "web" });
    const failed = lines.find((l) => l.msg === "unhandled error in route handler");
    expect(failed).toMatchObject({ requestId: "req-known-1", level: 50 });
    expect(JSON.stringify(failed?.err)).toContain("could not sign up");
    const job = lines.find((l) => l.msg === "slack delivery failed");
    expect(job).toMatchObject({ jobId: "job-42", queue: "notify-deliver", tenantId: "00000000-0000-4000-8000-000000000001" });

    for (const secret of [password, slackToken, apiKey, "known-secret", "KnownSlackSecret", "B000/XXXX"]) expect(stdout, secret).not.toContain(secret);
  });
});
