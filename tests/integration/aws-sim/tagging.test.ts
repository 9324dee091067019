import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTaggingClient, type GetResourcesOutput, type TaggingClient } from "@/lib/aws/tagging-client";
import { type AssumedSimCredentials, type AwsSim, assumeSimRole, PLATFORM_ACCOUNT_ID, startAwsSim } from "../../../sim/aws/index";

const clientFor = (sim: AwsSim, credentials: AssumedSimCredentials, region = "us-east-1"): TaggingClient =>
  createTaggingClient({ region, endpoint: sim.url, credentials, requestTimeoutMs: 5_000 });

async function captureError(call: Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode: number } }> {
  try {
    await call;
  } catch (error) {
    return error as { name: string; message: string; $metadata: { httpStatusCode: number } };
  }
  throw new Error("expected the call to fail");
}

describe("aws-sim Resource Groups Tagging API", () => {
  let sim: AwsSim;
  let tagging: TaggingClient;

  beforeAll(async () => {
    sim = await startAwsSim({ port: 0 });
    const role = sim.scenario.roles.readOnly;
    tagging = clientFor(sim, await assumeSimRole(sim, { roleArn: role.roleArn, externalId: role.externalId }));
  });
  afterAll(async () => {
    await sim.close();
  });

  it("lists the region's tagged resources with their tags, one page at a time", async () => {
    const all: NonNullable<GetResourcesOutput["ResourceTagMappingList"]> = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await tagging.getResources({ ResourcesPerPage: 10, ...(token ? { PaginationToken: token } : {}) });
      all.push(...(page.ResourceTagMappingList ?? []));
      token = page.PaginationToken || undefined;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThan(1);
    const hotArn = `arn:aws:ec2:us-east-1:${sim.scenario.accountId}:instance/${sim.scenario.instances.hot.instanceId}`;
    expect(all.find((r) => r.ResourceARN === hotArn)?.Tags).toEqual(expect.arrayContaining([{ Key: "team", Value: "search" }]));
    expect(new Set(all.map((r) => r.ResourceARN)).size).toBe(all.length);
    expect(all.every((r) => r.ResourceARN?.includes(":us-east-1:"))).toBe(true);
  });

  it("filters by resource type and tag", async () => {
    const page = await tagging.getResources({ ResourceTypeFilters: ["ec2:instance"], TagFilters: [{ Key: "team", Values: ["search"] }] });
    const arns = page.ResourceTagMappingList?.map((r) => r.ResourceARN) ?? [];
    expect(arns.length).toBeGreaterThan(0);
    expect(arns.every((a) => a?.includes(":instance/"))).toBe(true);
    expect(page.PaginationToken).toBe("");
  });

  it("answers InvalidParameterException for an out-of-range page size", async () => {
    const error = await captureError(tagging.getResources({ ResourcesPerPage: 101 }));
    expect(error.name).toBe("InvalidParameterException");
  });

  it("denies tag:GetResources through a role's deny list, then allows it once the policy changes", async () => {
    const externalId = "tagging-test-external-id";
    const { roleArn, roleName } = sim.createRole({ roleName: "TaggingDenied", externalId, deny: ["tag:GetResources"] });
    const credentials = await assumeSimRole(sim, { roleArn, externalId });
    const client = clientFor(sim, credentials);
    const error = await captureError(client.getResources({ ResourcesPerPage: 1 }));
    expect(error.name).toBe("AccessDeniedException");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain("not authorized to perform: tag:GetResources");

    // Like IAM, a changed policy applies to sessions already issued.
    expect(sim.updateRolePolicy({ roleName, deny: [] })).toMatchObject({ roleArn, deny: [] });
    const page = await client.getResources({ ResourcesPerPage: 1 });
    expect(page.ResourceTagMappingList).toHaveLength(1);
  });

  it("keeps the scenario's built-in roles fixed and reports unknown roles over the admin API", async () => {
    const fixed = await fetch(`${sim.url}/_sim/roles`, { method: "PATCH", body: JSON.stringify({ roleName: "MonitrReadOnly", deny: ["*"] }) });
    expect(fixed.status).toBe(409);
    const unknown = await fetch(`${sim.url}/_sim/roles`, { method: "PATCH", body: JSON.stringify({ roleName: "Nope", allow: [] }) });
    expect(unknown.status).toBe(409);
    sim.createRole({ roleName: "PatchedOverHttp", externalId: "patched-external-id", trustedAccountIds: [PLATFORM_ACCOUNT_ID] });
    const patched = await fetch(`${sim.url}/_sim/roles`, { method: "PATCH", body: JSON.stringify({ roleName: "PatchedOverHttp", allow: ["ec2:Describe*"] }) });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ allow: ["ec2:Describe*"], deny: [] });
  });
});
