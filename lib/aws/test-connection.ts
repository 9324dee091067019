import type { TenantContext } from "@/lib/auth/guard";
import { parseInput } from "@/lib/http/validate";
import { assumeRole, AssumeRoleError, type RoleTarget } from "./assume-role";
import { awsErrorCode, awsErrorMessage } from "./aws-errors";
import type { AwsConfig } from "./config";
import { externalIdOf } from "./external-id";
import { probePermissions, type PermissionCheck } from "./permission-probes";
import { RoleArn } from "./schemas";
import { openSession } from "./session";

export type TestConnectionResult = {
  assumed: boolean;
  accountId?: string;
  /** `refused`: AWS answered and would not let Monitr in; `unreachable`: no answer (nothing was learned). */
  error?: { code: string; message: string; kind: "refused" | "unreachable" };
  checks: PermissionCheck[];
};

export function roleTarget(tenantId: string, roleArn: string, externalId: string): RoleTarget {
  return { roleArn, externalId, sessionName: `monitr-${tenantId.slice(0, 8)}` };
}

/** Assumes the role with the tenant's ExternalId and probes each permission with one cheap call. */
export async function testConnection({ ctx, aws, roleArn }: { ctx: TenantContext; aws: AwsConfig; roleArn: string }): Promise<TestConnectionResult> {
  const arn = parseInput(RoleArn, roleArn);
  const target = roleTarget(ctx.tenant.id, arn, await externalIdOf(ctx.db, ctx.tenant.id));
  return testRole(aws, target);
}

export async function testRole(aws: AwsConfig, target: RoleTarget): Promise<TestConnectionResult> {
  let accountId: string;
  try {
    accountId = (await assumeRole(aws, target, { fresh: true })).accountId;
  } catch (error) {
    if (error instanceof AssumeRoleError) return { assumed: false, error: { code: error.code, message: error.reason, kind: "refused" }, checks: [] };
    return { assumed: false, error: { code: awsErrorCode(error), message: `AWS could not be reached: ${awsErrorMessage(error)}`, kind: "unreachable" }, checks: [] };
  }
  const session = openSession(aws, target, aws.homeRegion);
  try {
    return { assumed: true, accountId, checks: await probePermissions(session) };
  } finally {
    session.close();
  }
}
