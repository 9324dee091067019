import crypto from "node:crypto";

/*
 * Keys look like `mk_3f9a1c2b_<43 base64url chars>`: "mk_" and 8 hex characters form the prefix
 * shown in lists; the 256 random bits after it make a slow hash unnecessary, so the database
 * keeps a SHA-256 of the whole key and a lookup is one index probe.
 */
const KEY_PATTERN = /^mk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

export type GeneratedKey = { key: string; prefix: string; hash: string };

export function hashApiKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

export function generateApiKey(): GeneratedKey {
  const prefix = `mk_${crypto.randomBytes(4).toString("hex")}`;
  const key = `${prefix}_${crypto.randomBytes(32).toString("base64url")}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/** The key from an `Authorization: Bearer <key>` header, or null. */
export function bearerToken(header: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match ? match[1] : null;
}
