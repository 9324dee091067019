import { expect } from "vitest";
import { type AwsSim, type SimCredentials, assumeSimRole, awsSimClientConfig } from "../../../sim/aws/index";

export interface AwsErrorShape {
  name: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  message: string;
}

/** Awaits a rejected SDK call and returns the error for assertions. */
export async function captureAwsError(call: Promise<unknown>): Promise<AwsErrorShape> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as AwsErrorShape;
  }
  throw new Error("expected the AWS call to fail, it succeeded");
}

export async function expectAwsError(call: Promise<unknown>, name: string, status: number): Promise<AwsErrorShape> {
  const error = await captureAwsError(call);
  expect(error.name).toBe(name);
  expect(error.$metadata?.httpStatusCode).toBe(status);
  return error;
}

/** Client config acting as the simulated account's MonitrReadOnly role (12-hour session, so tests can move the clock). */
export async function readOnlyConfig(sim: AwsSim, region = "us-east-1"): Promise<ReturnType<typeof awsSimClientConfig>> {
  const role = sim.scenario.roles.readOnly;
  const credentials = await assumeSimRole(sim, { roleArn: role.roleArn, externalId: role.externalId, durationSeconds: 43_200 });
  return awsSimClientConfig(sim, { credentials, region });
}

export function adminConfig(sim: AwsSim, region = "us-east-1"): ReturnType<typeof awsSimClientConfig> {
  const { accessKeyId, secretAccessKey } = sim.scenario.accountAdmin;
  const credentials: SimCredentials = { accessKeyId, secretAccessKey };
  return awsSimClientConfig(sim, { credentials, region });
}

export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
export const DAY_MS = 86_400_000;
