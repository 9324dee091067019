import crypto from "node:crypto";
import type { Keyring } from "./keyring";

/*
 * AES-256-GCM with a fresh 96-bit IV per message. The stored form names its key so rotation can
 * decrypt old values: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). `purpose` is bound
 * as additional authenticated data, so a ciphertext copied from one column (or tenant) into
 * another fails to decrypt instead of being accepted.
 */
const VERSION = "v1";

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

export function encryptSecret(ring: Keyring, plaintext: string, purpose: string): string {
  const key = ring.keys.get(ring.currentId);
  if (!key) throw new Error("current encryption key missing");
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(purpose, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, ring.currentId, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptSecret(ring: Keyring, stored: string, purpose: string): string {
  const [version, keyId, iv, tag, body, extra] = stored.split(".");
  if (version !== VERSION || !keyId || iv === undefined || tag === undefined || body === undefined || extra !== undefined) {
    throw new DecryptionError("not an encrypted secret");
  }
  const key = ring.keys.get(keyId);
  if (!key) throw new DecryptionError(`encryption key "${keyId}" is not configured`);
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(purpose, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("the secret could not be decrypted (wrong key or tampered value)");
  }
}

/** The key id a stored value was encrypted with: values not under the current key need re-encryption. */
export function secretKeyId(stored: string): string | undefined {
  return stored.split(".")[1];
}

/** Re-encrypts under the current key when the value uses an older one; returns null when already current. */
export function reencryptSecret(ring: Keyring, stored: string, purpose: string): string | null {
  if (secretKeyId(stored) === ring.currentId) return null;
  return encryptSecret(ring, decryptSecret(ring, stored, purpose), purpose);
}

/** A new random key, base64url, for APP_ENCRYPTION_KEY. */
export function generateEncryptionKey(): string {
  return crypto.randomBytes(32).toString("base64url");
}
