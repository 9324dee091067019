import readline from "node:readline";
import autocannon from "autocannon";

/*
 * The load generator, run as its own process (bench/api/index.ts spawns it) so its CPU is measured
 * apart from the web processes' and the benchmark's own. Protocol: argv[2] is the JSON config; it
 * prints "ready", waits for "go" on stdin, runs, prints one JSON line with the result.
 */
export type LoadConfig = {
  targets: { port: number; connections: number }[];
  host: string;
  paths: string[];
  keys: string[];
  seconds: number;
};

export type LoadResult = { requests: number; ok: number; non2xx: number; errors: number; p50: number; p95: number; seconds: number; cpuMs: number };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function run(config: LoadConfig): Promise<LoadResult> {
  const samples: number[] = [];
  let requests = 0;
  let non2xx = 0;
  let errors = 0;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    config.targets.map(async (target, i) => {
      const instance = autocannon({
        url: `http://127.0.0.1:${target.port}`,
        connections: target.connections,
        duration: config.seconds,
        // Keys rotate per target so the per-key rate-limit counter is not one hot row.
        headers: { host: config.host, authorization: `Bearer ${config.keys[i % config.keys.length]}` },
        requests: config.paths.map((path) => ({ method: "GET", path })),
      });
      // autocannon's histogram has p90 and p97.5 but no p95, so the latencies are kept here.
      instance.on?.("response", (...args: unknown[]) => {
        const [, status, , ms] = args;
        if (typeof status === "number" && typeof ms === "number" && status < 300) samples.push(ms);
      });
      const result = await instance;
      requests += result.requests.total;
      non2xx += result.non2xx;
      errors += result.errors;
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  samples.sort((a, b) => a - b);
  return { requests, ok: samples.length, non2xx, errors, p50: percentile(samples, 50), p95: percentile(samples, 95), seconds, cpuMs: (used.user + used.system) / 1000 };
}

const config = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;
process.stdout.write("ready\n");
const input = readline.createInterface({ input: process.stdin });
for await (const line of input) {
  if (line.trim() !== "go") continue;
  process.stdout.write(`${JSON.stringify(await run(config))}\n`);
  break;
}
input.close();
process.exit(0);
