// Local, wire-compatible AWS account simulator for Monitr's tests and demos.
// Real @aws-sdk/client-* v3 clients talk to it through their `endpoint` option.

import { type SimCoreOptions, createSimCore } from "./sim-core";
import type { AwsSimScenario } from "./scenario-description";

export { startAwsSim, type AwsSim, type AwsSimOptions } from "./server";
export { awsSimClientConfig, type SimClientConfig, type SimClientConfigOptions, type SimCredentials } from "./client-config";
export { assumeSimRole, type AssumeSimRoleOptions, type AssumedSimCredentials } from "./assume-sim-role";
export type { AwsSimScenario, SimRoleInfo, SimInstanceRef, SimCredentialsInfo } from "./scenario-description";
export type { FaultSpec, FaultSpecInput } from "./faults";
export type { ClockUpdate, CreateRoleRequest, UpdateRolePolicyRequest } from "./admin";
export type { ClockState } from "./clock";
export {
  ACCOUNT_ADMIN_CREDENTIALS,
  OUTSIDER_CREDENTIALS,
  PLATFORM_ACCOUNT_ID,
  PLATFORM_CREDENTIALS,
  SCENARIO_ROLES,
  type ScenarioRoleKey,
} from "./account";
export { SIM_ACCOUNT_ID } from "./scenario";
export { ENABLED_REGIONS } from "./regions";
export { DEFAULT_SEED } from "./sim-core";

/**
 * The scenario a simulator with these options serves, without starting one.
 * Pass the same seed, scale and anchor as the server (the anchor defaults to
 * the start of the current hour on both sides).
 */
export function describeAwsSimScenario(options: Pick<SimCoreOptions, "seed" | "scale" | "anchor" | "now"> = {}): AwsSimScenario {
  return createSimCore(options).description;
}
