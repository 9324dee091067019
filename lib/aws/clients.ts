import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { EC2Client } from "@aws-sdk/client-ec2";
import { EKSClient } from "@aws-sdk/client-eks";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { attachCounter, type ApiCallCounter } from "./api-counter";
import type { AwsConfig, AwsService } from "./config";
import { createTaggingClient, type TaggingClient } from "./tagging-client";

export type AwsClients = { ec2: EC2Client; cloudwatch: CloudWatchClient; eks: EKSClient; costExplorer: CostExplorerClient; tagging: TaggingClient };

type ClientOptions = {
  region: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  counter?: ApiCallCounter;
};

function baseConfig(config: AwsConfig, service: AwsService, options: ClientOptions) {
  const endpoint = config.endpoints[service];
  return {
    region: options.region,
    ...(endpoint ? { endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Retries are ours (lib/aws/retry.ts), so each attempt is visible and counted once.
    maxAttempts: 1,
    // throwOnRequestTimeout: without it the handler only logs a warning and a call to an endpoint
    // that never answers hangs the run (and its collection lock) indefinitely.
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: config.requestTimeoutMs, throwOnRequestTimeout: true }),
  };
}

/** STS as Monitr's platform principal: explicit keys when configured, else the default provider chain. */
export function createStsClient(config: AwsConfig, counter?: ApiCallCounter): STSClient {
  const client = new STSClient(baseConfig(config, "sts", { region: config.homeRegion, credentials: config.platformCredentials }));
  if (counter) attachCounter(client, counter);
  return client;
}

/** Clients acting as a customer's role in one region. Cost Explorer lives in us-east-1 (the home region). */
export function createAwsClients(config: AwsConfig, options: ClientOptions & Required<Pick<ClientOptions, "credentials">>): AwsClients {
  const clients: AwsClients = {
    ec2: new EC2Client(baseConfig(config, "ec2", options)),
    cloudwatch: new CloudWatchClient(baseConfig(config, "cloudwatch", options)),
    eks: new EKSClient(baseConfig(config, "eks", options)),
    costExplorer: new CostExplorerClient(baseConfig(config, "costExplorer", { ...options, region: config.homeRegion })),
    tagging: createTaggingClient({
      region: options.region,
      ...(config.endpoints.tagging ? { endpoint: config.endpoints.tagging } : {}),
      credentials: options.credentials,
      requestTimeoutMs: config.requestTimeoutMs,
      ...(options.counter ? { counter: options.counter } : {}),
    }),
  };
  if (options.counter) {
    attachCounter(clients.ec2, options.counter);
    attachCounter(clients.cloudwatch, options.counter);
    attachCounter(clients.eks, options.counter);
    attachCounter(clients.costExplorer, options.counter);
  }
  return clients;
}

export function destroyClients(clients: AwsClients): void {
  for (const client of Object.values(clients)) client.destroy();
}
