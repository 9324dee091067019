import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { SimCredentials } from "./client-config";
import type { AwsSim } from "./server";

export interface AssumeSimRoleOptions {
  roleArn: string;
  externalId: string;
  sessionName?: string;
  durationSeconds?: number;
  /** Caller credentials; defaults to Monitr's platform user. */
  credentials?: SimCredentials;
}

export interface AssumedSimCredentials extends Required<SimCredentials> {
  expiration: Date;
}

/** Calls the simulator's sts:AssumeRole with the real STS client, as Monitr does. */
export async function assumeSimRole(sim: Pick<AwsSim, "url" | "scenario">, options: AssumeSimRoleOptions): Promise<AssumedSimCredentials> {
  const { accessKeyId, secretAccessKey } = sim.scenario.platform;
  const sts = new STSClient({
    endpoint: sim.url,
    region: "us-east-1",
    credentials: options.credentials ?? { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        ExternalId: options.externalId,
        RoleSessionName: options.sessionName ?? "monitr-sim",
        ...(options.durationSeconds ? { DurationSeconds: options.durationSeconds } : {}),
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken || !Credentials.Expiration) {
      throw new Error("AssumeRole returned no credentials");
    }
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  } finally {
    sts.destroy();
  }
}
