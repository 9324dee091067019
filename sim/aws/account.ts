import { hashString, hexId } from "./random";
import type { StaticUser } from "./identities";
import { READ_ONLY_ACTIONS } from "./permissions";
import type { SimRole } from "./role-store";

/** Monitr's own AWS account, whose user calls sts:AssumeRole into customer accounts. */
export const PLATFORM_ACCOUNT_ID = "111111111111";

export const PLATFORM_CREDENTIALS = {
  accessKeyId: "AKIAMONITRSIMULATOR1",
  secretAccessKey: "MonitrSimulatorPlatformSecretKey00000001",
} as const;

/** An administrator inside the simulated customer account (all actions allowed). */
export const ACCOUNT_ADMIN_CREDENTIALS = {
  accessKeyId: "AKIASIMACCOUNTADMIN1",
  secretAccessKey: "SimulatedCustomerAccountAdminSecret00001",
} as const;

/** A user in an unrelated account: no role's trust policy lets it in. */
export const OUTSIDER_ACCOUNT_ID = "999999999999";
export const OUTSIDER_CREDENTIALS = {
  accessKeyId: "AKIASIMOUTSIDER00001",
  secretAccessKey: "SimulatedOutsiderAccountSecretKey0000001",
} as const;

export const SCENARIO_ROLES = {
  /** What a customer creates with Monitr's CloudFormation template. */
  readOnly: { roleName: "MonitrReadOnly", externalId: "monitr-sim-external-id-0001", missing: [] as string[] },
  /** Same trust, but Cost Explorer reads were left out of the policy. */
  noCostExplorer: { roleName: "MonitrNoCostExplorer", externalId: "monitr-sim-external-id-no-ce", missing: ["ce:GetCostAndUsage", "ce:GetCostForecast"] },
  /** Same trust, but cloudwatch:GetMetricData is missing. */
  noMetricData: { roleName: "MonitrNoMetricData", externalId: "monitr-sim-external-id-no-metrics", missing: ["cloudwatch:GetMetricData"] },
} as const;

export type ScenarioRoleKey = keyof typeof SCENARIO_ROLES;

const userId = (name: string): string => `AIDA${hexId(17, hashString(name)).toUpperCase()}`;

export function staticUsers(accountId: string): StaticUser[] {
  return [
    { ...PLATFORM_CREDENTIALS, accountId: PLATFORM_ACCOUNT_ID, userName: "monitr", userId: userId("monitr"), allow: ["sts:AssumeRole"] },
    { ...ACCOUNT_ADMIN_CREDENTIALS, accountId, userName: "sim-admin", userId: userId("sim-admin"), allow: ["*"] },
    { ...OUTSIDER_CREDENTIALS, accountId: OUTSIDER_ACCOUNT_ID, userName: "outsider", userId: userId("outsider"), allow: ["sts:AssumeRole"] },
  ];
}

export function builtinRoles(accountId: string, createdAt: Date): SimRole[] {
  return Object.values(SCENARIO_ROLES).map((spec) => ({
    roleName: spec.roleName,
    arn: `arn:aws:iam::${accountId}:role/${spec.roleName}`,
    roleId: `AROA${hexId(17, hashString(spec.roleName)).toUpperCase()}`,
    externalId: spec.externalId,
    trustedAccountIds: [PLATFORM_ACCOUNT_ID],
    // Missing permissions are simply not granted (an implicit deny, as in IAM).
    allow: READ_ONLY_ACTIONS.filter((action) => !(spec.missing as readonly string[]).includes(action)),
    deny: [],
    maxSessionDurationSeconds: 43_200,
    createdAt: createdAt.toISOString(),
    source: "scenario",
  }));
}
