import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, READ_ONLY_ACTIONS, testConnection } from "@/lib/aws";
import type { AwsConfig } from "@/lib/aws/config";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, simAwsConfig, startSim } from "./aws-test-kit";

/* "Test connection" probes every permission Monitr's collectors use, EKS details and tagging included. */

let t: TestDatabase;
let sim: AwsSim;
let aws: AwsConfig;

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  aws = simAwsConfig(sim);
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const PROBED = ["eks:DescribeCluster", "eks:ListNodegroups", "eks:DescribeNodegroup", "tag:GetResources"];

describe("permission probes", () => {
  it("checks the EKS detail reads and tag:GetResources, and passes them with the template's policy", async () => {
    const ctx = await createTenant(t.db);
    // Exactly what Monitr's CloudFormation template grants.
    const result = await testConnection({ ctx, aws, roleArn: createTenantRole(sim, ctx, { allow: [...READ_ONLY_ACTIONS] }) });
    expect(result.assumed).toBe(true);
    expect(result.checks.map((c) => c.permission)).toEqual(expect.arrayContaining(PROBED));
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it("reports eks:DescribeCluster and tag:GetResources as missing by name, with AWS's error code and the action to add", async () => {
    const ctx = await createTenant(t.db);
    const roleArn = createTenantRole(sim, ctx, { deny: ["eks:DescribeCluster", "tag:GetResources"] });
    const result = await testConnection({ ctx, aws, roleArn });
    const failed = result.checks.filter((c) => !c.ok).sort((a, b) => a.permission.localeCompare(b.permission));
    expect(failed).toEqual([
      expect.objectContaining({
        permission: "eks:DescribeCluster",
        errorCode: "AccessDeniedException",
        message: expect.stringContaining("not authorized to perform: eks:DescribeCluster"),
        fix: expect.stringContaining('Add "eks:DescribeCluster"'),
      }),
      expect.objectContaining({
        permission: "tag:GetResources",
        errorCode: "AccessDeniedException",
        message: expect.stringContaining("not authorized to perform: tag:GetResources"),
        fix: expect.stringContaining('Add "tag:GetResources"'),
      }),
    ]);
    const connection = await createConnection({ ctx, aws, input: { roleArn } });
    expect(connection).toMatchObject({ status: "degraded", missingPermissions: ["eks:DescribeCluster", "tag:GetResources"] });
  });

  it("names node-group reads a role lacks", async () => {
    const ctx = await createTenant(t.db);
    const result = await testConnection({ ctx, aws, roleArn: createTenantRole(sim, ctx, { deny: ["eks:*Nodegroup*"] }) });
    expect(result.checks.filter((c) => !c.ok).map((c) => c.permission).sort()).toEqual(["eks:DescribeNodegroup", "eks:ListNodegroups"]);
  });
});
