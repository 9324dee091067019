// Runs a whole worker (startWorker) in a separate process, so a test can SIGKILL it mid-job.
// Environment: DATABASE_URL, SIM_URL, SIM_NOW (the simulator's fixed clock). Prints CHILD_WORKER_READY once started.
import { DEFAULT_AWS_CONFIG } from "@/lib/aws/config";
import { startWorker } from "@/lib/jobs";
import { PLATFORM_ACCOUNT_ID, PLATFORM_CREDENTIALS } from "../../sim/aws/index";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const simUrl = env("SIM_URL");
await startWorker({
  databaseUrl: env("DATABASE_URL"),
  aws: {
    ...DEFAULT_AWS_CONFIG,
    platformAccountId: PLATFORM_ACCOUNT_ID,
    platformCredentials: { ...PLATFORM_CREDENTIALS },
    endpoints: { sts: simUrl, ec2: simUrl, cloudwatch: simUrl, eks: simUrl, costExplorer: simUrl },
    // A hung call stays hung for the whole test: only the worker's death ends the run.
    requestTimeoutMs: 600_000,
    now: () => new Date(env("SIM_NOW")),
  },
});
process.stdout.write("CHILD_WORKER_READY\n");
