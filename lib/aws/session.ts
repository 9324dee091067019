import { createApiCallCounter, type ApiCallCounter } from "./api-counter";
import { invalidateCredentials, roleCredentialsProvider, type CredentialStore, type RoleTarget } from "./assume-role";
import { isExpiredCredentials } from "./aws-errors";
import { createAwsClients, destroyClients, type AwsClients } from "./clients";
import type { AwsConfig } from "./config";
import { withRetry } from "./retry";

/** AWS clients acting as one connection's role in one region, with retries and a call counter. */
export type AwsSession = {
  config: AwsConfig;
  region: string;
  counter: ApiCallCounter;
  /** One API call: retried on throttling / 5xx; an expired session is renewed once. */
  call<T>(fn: (clients: AwsClients) => Promise<T>): Promise<T>;
  close(): void;
};

export function openSession(
  config: AwsConfig,
  target: RoleTarget,
  region: string,
  counter: ApiCallCounter = createApiCallCounter(),
  store?: CredentialStore,
): AwsSession {
  let clients = createAwsClients(config, { region, credentials: roleCredentialsProvider(config, target, counter, store), counter });
  return {
    config,
    region,
    counter,
    async call(fn) {
      try {
        return await withRetry(config.retry, () => fn(clients));
      } catch (error) {
        if (!isExpiredCredentials(error)) throw error;
        // The cached session ran out under us (clock skew, or revoked early): start a new one.
        invalidateCredentials(target);
        destroyClients(clients);
        clients = createAwsClients(config, { region, credentials: roleCredentialsProvider(config, target, counter, store), counter });
        return withRetry(config.retry, () => fn(clients));
      }
    },
    close() {
      destroyClients(clients);
    },
  };
}
