import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsSim, assumeSimRole, awsSimClientConfig, startAwsSim } from "../../../sim/aws/index";
import { captureAwsError } from "./helpers";

const quickCreateQuery = (stackName: string, externalId: string): string =>
  new URLSearchParams({ templateURL: "https://monitr-templates.s3.amazonaws.com/monitr-readonly.yaml", stackName, param_ExternalId: externalId }).toString();

async function createStack(sim: AwsSim, stackName: string, externalId: string): Promise<string> {
  const form = new URLSearchParams({ stackName, param_ExternalId: externalId, templateURL: "https://example.invalid/t.yaml", capabilities: "CAPABILITY_NAMED_IAM" });
  const response = await fetch(`${sim.url}/cloudformation/quick-create`, { method: "POST", body: form });
  expect(response.status).toBe(200);
  const html = await response.text();
  const arn = /<output aria-label="Role ARN"[^>]*>([^<]+)<\/output>/.exec(html)?.[1];
  if (!arn) throw new Error(`no role ARN in page: ${html}`);
  return arn;
}

describe("aws-sim CloudFormation stand-in and admin API", () => {
  let dir: string;
  let stateFile: string;
  let sim: AwsSim;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "aws-sim-"));
    stateFile = path.join(dir, "state.json");
    sim = await startAwsSim({ port: 0, stateFile });
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves a quick-create page showing the parameters and a Create stack button", async () => {
    const response = await fetch(`${sim.url}/cloudformation/quick-create?${quickCreateQuery("MonitrAcme", "acme-ext-123")}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('<button type="submit">Create stack</button>');
    expect(html).toContain('name="param_ExternalId" value="acme-ext-123"');
    expect(html).toContain('value="MonitrAcme"');
  });

  it("creates a role whose ExternalId then works with AssumeRole, and survives a restart", async () => {
    const roleArn = await createStack(sim, "MonitrAcme", "acme-ext-123");
    expect(roleArn).toMatch(/^arn:aws:iam::123456789012:role\/MonitrAcme-MonitrRole-[0-9A-F]{12}$/);
    const credentials = await assumeSimRole(sim, { roleArn, externalId: "acme-ext-123", sessionName: "acme" });
    const identity = await new STSClient(awsSimClientConfig(sim, { credentials })).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:sts::123456789012:assumed-role/${roleArn.split("/")[1]}/acme`);
    const wrong = await captureAwsError(assumeSimRole(sim, { roleArn, externalId: "someone-else" }));
    expect(wrong.name).toBe("AccessDenied");

    const again = await fetch(`${sim.url}/cloudformation/quick-create`, {
      method: "POST",
      body: new URLSearchParams({ stackName: "MonitrAcme", param_ExternalId: "acme-ext-123", capabilities: "CAPABILITY_NAMED_IAM" }),
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("Stack [MonitrAcme] already exists");

    expect(JSON.parse(readFileSync(stateFile, "utf8")).roles).toHaveLength(1);
    await sim.close();
    sim = await startAwsSim({ port: 0, stateFile });
    await expect(assumeSimRole(sim, { roleArn, externalId: "acme-ext-123" })).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) });
  });

  it("requires the IAM capability acknowledgement", async () => {
    const response = await fetch(`${sim.url}/cloudformation/quick-create`, {
      method: "POST",
      body: new URLSearchParams({ stackName: "NoAck", param_ExternalId: "x-123" }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Requires capabilities : [CAPABILITY_NAMED_IAM]");
  });

  it("creates roles through the JSON admin endpoint", async () => {
    const response = await fetch(`${sim.url}/_sim/roles`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ roleName: "AdminMade", externalId: "admin-made-1", allow: ["ec2:Describe*"] }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { roleArn: string };
    expect(body.roleArn).toBe("arn:aws:iam::123456789012:role/AdminMade");
    await expect(assumeSimRole(sim, { roleArn: body.roleArn, externalId: "admin-made-1" })).resolves.toBeDefined();
    const duplicate = await fetch(`${sim.url}/_sim/roles`, { method: "POST", body: JSON.stringify({ roleName: "AdminMade", externalId: "x-1" }) });
    expect(duplicate.status).toBe(409);
    const invalid = await fetch(`${sim.url}/_sim/roles`, { method: "POST", body: JSON.stringify({ roleName: "bad name!" }) });
    expect(invalid.status).toBe(400);
  });

  it("exposes the scenario and the clock", async () => {
    const scenario = (await (await fetch(`${sim.url}/_sim/scenario`)).json()) as { accountId: string };
    expect(scenario.accountId).toBe("123456789012");
    const fixed = "2030-01-02T03:04:05.000Z";
    const set = await fetch(`${sim.url}/_sim/clock`, { method: "POST", body: JSON.stringify({ fixedTime: fixed }) });
    expect(((await set.json()) as { now: string }).now).toBe(fixed);
    expect(sim.now().toISOString()).toBe(fixed);
    await fetch(`${sim.url}/_sim/clock`, { method: "DELETE" });
    expect(Math.abs(sim.now().getTime() - Date.now())).toBeLessThan(5_000);
  });
});
