// Runs one metrics collection in a separate process, so a test can SIGKILL it mid-run.
// Environment: DATABASE_URL, SIM_URL, SIM_NOW (the simulator's fixed clock), TENANT_ID, CONNECTION_ID, REGION;
// with APP_ENCRYPTION_KEY, the process shares role sessions through the database as a worker does.
import { DEFAULT_AWS_CONFIG } from "@/lib/aws/config";
import { collectMetrics, runSync } from "@/lib/collect";
import { configuredKeyring } from "@/lib/crypto";
import { createDb } from "@/lib/db";
import { PLATFORM_ACCOUNT_ID, PLATFORM_CREDENTIALS } from "../../sim/aws/index";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const simUrl = env("SIM_URL");
const db = createDb(env("DATABASE_URL"), { max: 6 });
const keyring = configuredKeyring();
await runSync(
  {
    db,
    ...(keyring ? { keyring } : {}),
    aws: {
      ...DEFAULT_AWS_CONFIG,
      platformAccountId: PLATFORM_ACCOUNT_ID,
      platformCredentials: { ...PLATFORM_CREDENTIALS },
      endpoints: { sts: simUrl, ec2: simUrl, cloudwatch: simUrl, eks: simUrl, costExplorer: simUrl },
      now: () => new Date(env("SIM_NOW")),
    },
  },
  { tenantId: env("TENANT_ID"), connectionId: env("CONNECTION_ID"), region: env("REGION"), kind: "metrics" },
  collectMetrics,
);
await db.$client.end();
