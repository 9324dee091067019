import { readFileSync } from "node:fs";
import type { FaultSpecInput } from "./faults";
import { startAwsSim } from "./server";

// `tsx sim/aws/cli.ts` — environment: AWS_SIM_PORT (default 4566), AWS_SIM_HOST,
// AWS_SIM_SEED, AWS_SIM_INSTANCES, AWS_SIM_STATE_FILE, AWS_SIM_FAULTS (JSON)
// or AWS_SIM_FAULTS_FILE (path to JSON).

function faultsFromEnv(): FaultSpecInput | undefined {
  const inline = process.env.AWS_SIM_FAULTS;
  const file = process.env.AWS_SIM_FAULTS_FILE;
  if (inline) return JSON.parse(inline) as FaultSpecInput;
  if (file) return JSON.parse(readFileSync(file, "utf8")) as FaultSpecInput;
  return undefined;
}

function numberFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new Error(`${name} must be an integer, got "${value}"`);
  return parsed;
}

async function main(): Promise<void> {
  const instances = numberFromEnv("AWS_SIM_INSTANCES");
  const seed = numberFromEnv("AWS_SIM_SEED");
  const faults = faultsFromEnv();
  const stateFile = process.env.AWS_SIM_STATE_FILE;
  const sim = await startAwsSim({
    port: numberFromEnv("AWS_SIM_PORT") ?? 4566,
    host: process.env.AWS_SIM_HOST ?? "127.0.0.1",
    ...(seed !== undefined ? { seed } : {}),
    ...(instances !== undefined ? { scale: { instances } } : {}),
    ...(faults ? { faults } : {}),
    ...(stateFile ? { stateFile } : {}),
  });
  const s = sim.scenario;
  const role = s.roles.readOnly;
  console.log(`Monitr AWS simulator listening on ${sim.url}
Simulated account ${s.accountId}, regions ${s.enabledRegions.join(", ")}, ${s.instances.total} EC2 instances

Point the AWS SDK at it (platform credentials of Monitr's account ${s.platform.accountId}):
  export AWS_ENDPOINT_URL=${sim.url}
  export AWS_ACCESS_KEY_ID=${s.platform.accessKeyId}
  export AWS_SECRET_ACCESS_KEY=${s.platform.secretAccessKey}
  export AWS_REGION=us-east-1

Role to assume:   ${role.roleArn}
ExternalId:       ${role.externalId}
Limited roles:    ${s.roles.noCostExplorer.roleArn} (ExternalId ${s.roles.noCostExplorer.externalId})
                  ${s.roles.noMetricData.roleArn} (ExternalId ${s.roles.noMetricData.externalId})
Account admin:    ${s.accountAdmin.accessKeyId} / ${s.accountAdmin.secretAccessKey}
CloudFormation:   ${sim.url}/cloudformation/quick-create?stackName=Monitr&param_ExternalId=<id>
Admin API:        ${sim.url}/_sim/scenario · /_sim/faults · /_sim/clock · /_sim/roles
`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, stopping the AWS simulator`);
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error("[aws-sim] failed to start:", error);
  process.exit(1);
});
