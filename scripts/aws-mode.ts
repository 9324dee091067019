import path from "node:path";
import { PLATFORM_ACCOUNT_ID, PLATFORM_CREDENTIALS, startAwsSim, type AwsSim } from "@/sim/aws";
import { DATA_DIR } from "./runtime";

/** Real AWS is configured when any of these is set; otherwise Monitr runs in demo mode on the simulator. */
const REAL_AWS_VARS = ["MONITR_AWS_ACCOUNT_ID", "MONITR_AWS_ACCESS_KEY_ID", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_ROLE_ARN"];

export function realAwsConfigured(env: NodeJS.ProcessEnv): boolean {
  return REAL_AWS_VARS.some((name) => Boolean(env[name]));
}

/**
 * Demo mode: the AWS simulator on a loopback port, and the environment that points Monitr's AWS
 * clients at it with the simulator's platform credentials.
 */
export async function startDemoAws(options: { port?: number; stateFile?: string } = {}): Promise<{ sim: AwsSim; env: Record<string, string> }> {
  const sim = await startAwsSim({
    port: options.port ?? 0,
    host: "127.0.0.1",
    stateFile: options.stateFile ?? path.join(DATA_DIR, "aws-sim", "state.json"),
  });
  return {
    sim,
    env: {
      MONITR_DEMO: "1",
      AWS_ENDPOINT_URL: sim.url,
      AWS_REGION: "us-east-1",
      MONITR_AWS_ACCOUNT_ID: PLATFORM_ACCOUNT_ID,
      MONITR_AWS_ACCESS_KEY_ID: PLATFORM_CREDENTIALS.accessKeyId,
      MONITR_AWS_SECRET_ACCESS_KEY: PLATFORM_CREDENTIALS.secretAccessKey,
    },
  };
}
