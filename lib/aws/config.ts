/*
 * Everything the AWS layer needs from the environment, read once by loadAwsConfig (in the
 * worker's and the web app's entry points) and passed down. Verbs and collectors never read
 * process.env; tests build an AwsConfig pointing at the simulator.
 */
export const AWS_SERVICES = ["sts", "ec2", "cloudwatch", "eks", "costExplorer", "tagging"] as const;
export type AwsService = (typeof AWS_SERVICES)[number];

export type StaticCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export type AwsConfig = {
  /** Monitr's own AWS account: the principal customers' roles trust. */
  platformAccountId: string;
  /** Monitr's platform credentials; undefined = the SDK's default provider chain (instance role, env, profile). */
  platformCredentials?: StaticCredentials;
  /** Per-service endpoint overrides (the simulator in demo mode and tests). */
  endpoints: Partial<Record<AwsService, string>>;
  /** Demo mode: onboarding links go to the simulator's CloudFormation stand-in. */
  demo: boolean;
  /** Region for STS and Cost Explorer (global services). */
  homeRegion: string;
  /** Assumed-role session length; credentials are reused until refreshMarginSeconds before expiry. */
  sessionDurationSeconds: number;
  refreshMarginSeconds: number;
  /** Attempts per AWS call (throttling and 5xx are retried), with exponential backoff and full jitter. */
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  requestTimeoutMs: number;
  collect: {
    /** How far back the first metrics run reaches. */
    metricsBackfillHours: number;
    /** Each run re-asks this much before the last stored point, for late datapoints. */
    metricsOverlapSeconds: number;
    /** Re-pulled daily costs (Cost Explorer revises recent days). */
    costDays: number;
    /** The first cost sync reaches back this many months. */
    costBackfillMonths: number;
    /** ListMetrics discovery is reused for this long within a process. */
    discoveryTtlSeconds: number;
  };
  /** AWS-side "now" (the simulator's clock in tests); defaults to the wall clock. */
  now?: () => Date;
};

export const DEFAULT_AWS_CONFIG: Omit<AwsConfig, "platformAccountId"> = {
  endpoints: {},
  demo: false,
  homeRegion: "us-east-1",
  sessionDurationSeconds: 3600,
  refreshMarginSeconds: 300,
  retry: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 },
  requestTimeoutMs: 30_000,
  collect: { metricsBackfillHours: 3, metricsOverlapSeconds: 600, costDays: 35, costBackfillMonths: 13, discoveryTtlSeconds: 900 },
};

type Env = Record<string, string | undefined>;

const ENDPOINT_ENV: Record<AwsService, string> = {
  sts: "AWS_ENDPOINT_URL_STS",
  ec2: "AWS_ENDPOINT_URL_EC2",
  cloudwatch: "AWS_ENDPOINT_URL_CLOUDWATCH",
  eks: "AWS_ENDPOINT_URL_EKS",
  costExplorer: "AWS_ENDPOINT_URL_COST_EXPLORER",
  tagging: "AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API",
};

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

export function loadAwsConfig(env: Env): AwsConfig {
  const shared = env.AWS_ENDPOINT_URL || undefined;
  const endpoints: Partial<Record<AwsService, string>> = {};
  for (const service of AWS_SERVICES) {
    const url = env[ENDPOINT_ENV[service]] || shared;
    if (url) endpoints[service] = url;
  }
  const accessKeyId = env.MONITR_AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.MONITR_AWS_SECRET_ACCESS_KEY;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error("Set both MONITR_AWS_ACCESS_KEY_ID and MONITR_AWS_SECRET_ACCESS_KEY, or neither.");
  }
  const platformAccountId = env.MONITR_AWS_ACCOUNT_ID || "111111111111";
  if (!/^\d{12}$/.test(platformAccountId)) throw new Error(`MONITR_AWS_ACCOUNT_ID must be 12 digits, got "${platformAccountId}"`);
  return {
    ...DEFAULT_AWS_CONFIG,
    platformAccountId,
    ...(accessKeyId && secretAccessKey ? { platformCredentials: { accessKeyId, secretAccessKey } } : {}),
    endpoints,
    demo: env.MONITR_DEMO === "1" || env.MONITR_DEMO === "true",
    homeRegion: env.AWS_REGION || DEFAULT_AWS_CONFIG.homeRegion,
    retry: {
      ...DEFAULT_AWS_CONFIG.retry,
      maxAttempts: positiveInt(env, "MONITR_AWS_MAX_ATTEMPTS", DEFAULT_AWS_CONFIG.retry.maxAttempts),
    },
  };
}

export function awsNow(config: AwsConfig): Date {
  return config.now ? config.now() : new Date();
}
