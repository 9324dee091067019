import type { AwsSim } from "./server";

export interface SimCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SimClientConfig {
  endpoint: string;
  region: string;
  credentials: SimCredentials;
  maxAttempts: number;
}

export interface SimClientConfigOptions {
  region?: string;
  /** Defaults to Monitr's platform credentials (which may only call sts:AssumeRole). */
  credentials?: SimCredentials;
  /** SDK attempts per call; default 1 so faults surface immediately in tests. */
  maxAttempts?: number;
}

/** Config for any `@aws-sdk/client-*` constructor pointing at the simulator. */
export function awsSimClientConfig(sim: Pick<AwsSim, "url" | "scenario">, options: SimClientConfigOptions = {}): SimClientConfig {
  const { accessKeyId, secretAccessKey } = sim.scenario.platform;
  return {
    endpoint: sim.url,
    region: options.region ?? "us-east-1",
    credentials: options.credentials ?? { accessKeyId, secretAccessKey },
    maxAttempts: options.maxAttempts ?? 1,
  };
}
