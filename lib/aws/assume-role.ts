import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { ApiCallCounter } from "./api-counter";
import { awsErrorCode, awsErrorMessage, isAccessDenied } from "./aws-errors";
import { createStsClient } from "./clients";
import { awsNow, type AwsConfig } from "./config";
import { withRetry } from "./retry";

export type RoleTarget = { roleArn: string; externalId: string; sessionName?: string };
export type AssumedCredentials = AwsCredentialIdentity & { expiration: Date; accountId: string };

/** AssumeRole refused: `reason` says why in plain words, `code` is AWS's. */
export class AssumeRoleError extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly awsMessage: string,
  ) {
    super(reason);
    this.name = "AssumeRoleError";
  }
}

type Entry = { value?: AssumedCredentials; pending?: Promise<AssumedCredentials> };

/**
 * Credentials shared between processes (lib/aws/credential-store.ts): `obtain` holds a lock on the
 * role across workers, returns the stored credentials when `usable`, and otherwise `fetch`es new
 * ones and stores them.
 */
export type CredentialStore = {
  obtain(target: RoleTarget, how: { usable: (c: AssumedCredentials) => boolean; fetch: () => Promise<AssumedCredentials> }): Promise<AssumedCredentials>;
};

/*
 * Process-wide cache of temporary credentials, per role and ExternalId. Every job of a
 * connection in this process shares one session, refreshed shortly before it expires; with a
 * CredentialStore the workers also share it: at most one STS call per connection per session
 * length (an hour), however many jobs and workers run.
 */
const cache = new Map<string, Entry>();
/** Access key ids AWS called expired before their time: never handed out again, from any cache. */
const rejected = new Set<string>();
const keyOf = (t: RoleTarget) => `${t.roleArn}\u0000${t.externalId}`;

export function accountIdOfRoleArn(roleArn: string): string {
  return roleArn.split(":")[4] ?? "";
}

export function invalidateCredentials(target: RoleTarget): void {
  const value = cache.get(keyOf(target))?.value;
  if (value) rejected.add(value.accessKeyId);
  cache.delete(keyOf(target));
}

function plainReason(code: string, config: AwsConfig, target: RoleTarget): string {
  if (code === "AccessDenied" || code === "AccessDeniedException") {
    return (
      `AWS refused to let Monitr assume this role (${code}). Check that the role exists, that its trust policy ` +
      `trusts AWS account ${config.platformAccountId}, and that its sts:ExternalId condition is exactly "${target.externalId}".`
    );
  }
  if (code === "ValidationError") return `AWS rejected the request to assume this role (${code}).`;
  if (code === "InvalidClientTokenId" || code === "SignatureDoesNotMatch") {
    return `Monitr's own AWS credentials were not accepted (${code}); this is a problem on our side, not your role.`;
  }
  return `Assuming the role failed (${code}).`;
}

async function callAssumeRole(config: AwsConfig, target: RoleTarget, counter?: ApiCallCounter): Promise<AssumedCredentials> {
  const sts = createStsClient(config, counter);
  try {
    const out = await withRetry(config.retry, () =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: target.roleArn,
          ExternalId: target.externalId,
          RoleSessionName: target.sessionName ?? "monitr",
          DurationSeconds: config.sessionDurationSeconds,
        }),
      ),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new AssumeRoleError("EmptyCredentials", "AWS returned no credentials for this role.", "AssumeRole returned no credentials");
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: new Date(c.Expiration),
      accountId: accountIdOfRoleArn(out.AssumedRoleUser?.Arn ?? target.roleArn) || accountIdOfRoleArn(target.roleArn),
    };
  } catch (error) {
    if (error instanceof AssumeRoleError) throw error;
    const code = awsErrorCode(error);
    if (isAccessDenied(error) || code === "ValidationError" || code === "InvalidClientTokenId" || code === "SignatureDoesNotMatch") {
      throw new AssumeRoleError(code, plainReason(code, config, target), awsErrorMessage(error));
    }
    throw error;
  } finally {
    sts.destroy();
  }
}

/**
 * Temporary credentials for a customer's role: from this process's cache, else from the shared
 * `store`, else from STS. `fresh` skips both caches (testing a connection must see the role as it
 * is now, not an hour ago).
 */
export async function assumeRole(
  config: AwsConfig,
  target: RoleTarget,
  options: { counter?: ApiCallCounter; fresh?: boolean; store?: CredentialStore } = {},
): Promise<AssumedCredentials> {
  const key = keyOf(target);
  const entry = cache.get(key);
  const freshUntil = awsNow(config).getTime() + config.refreshMarginSeconds * 1000;
  const usable = (c: AssumedCredentials) => c.expiration.getTime() > freshUntil && !rejected.has(c.accessKeyId);
  if (!options.fresh && entry?.value && usable(entry.value)) return entry.value;
  if (!options.fresh && entry?.pending) return entry.pending;
  const fetch = () => callAssumeRole(config, target, options.counter);
  const pending = options.store && !options.fresh ? options.store.obtain(target, { usable, fetch }) : fetch();
  cache.set(key, { ...entry, pending });
  try {
    const value = await pending;
    cache.set(key, { value });
    return value;
  } catch (error) {
    if (cache.get(key)?.pending === pending) cache.delete(key);
    throw error;
  }
}

/** A credentials provider for SDK clients backed by the caches. */
export function roleCredentialsProvider(config: AwsConfig, target: RoleTarget, counter?: ApiCallCounter, store?: CredentialStore): AwsCredentialIdentityProvider {
  return async () => {
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = await assumeRole(config, target, { counter, ...(store ? { store } : {}) });
    return { accessKeyId, secretAccessKey, sessionToken, expiration };
  };
}
