import { loadAwsConfig } from "@/lib/aws/config";
import { startWorker } from "@/lib/jobs";
import { logger } from "@/lib/log";
import { loadOpsConfig } from "@/lib/operator/ops-config";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set. `npm start` sets it; to run a worker alone, point it at your Postgres.");
  process.exit(1);
}

const ops = loadOpsConfig(process.env);
const worker = await startWorker({
  databaseUrl,
  aws: loadAwsConfig(process.env),
  ...(ops.workerMetricsPort ? { metrics: { port: ops.workerMetricsPort, token: ops.metricsToken, tenantLabels: ops.metricsTenantLabels } } : {}),
});
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping");
    await worker.stop().catch((error) => logger.error({ err: error }, "worker stop failed"));
    process.exit(0);
  });
}
