/*
 * The keys that encrypt secrets at rest (ARCHITECTURE.md rule 5). APP_ENCRYPTION_KEY holds one or
 * more 32-byte keys, base64 or base64url, each optionally named: `k2:BASE64,k1:BASE64`. The first
 * key encrypts; every key decrypts, so rotating is "put a new key first, keep the old ones until
 * re-encryption has run". An unnamed single key gets the id `k1`.
 */
export type Keyring = { currentId: string; keys: ReadonlyMap<string, Buffer> };

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export function parseKeyring(value: string | undefined): Keyring {
  if (!value || !value.trim()) throw new Error("APP_ENCRYPTION_KEY is not set; `npm start` generates one into .data/encryption-key.");
  const keys = new Map<string, Buffer>();
  let currentId: string | undefined;
  const parts = value.split(",").map((p) => p.trim()).filter(Boolean);
  // Unnamed keys are numbered from the oldest (last) up, so prepending a new key keeps old ids.
  parts.forEach((part, index) => {
    const colon = part.indexOf(":");
    const id = colon > 0 ? part.slice(0, colon) : parts.length === 1 ? "k1" : `k${parts.length - index}`;
    const material = colon > 0 ? part.slice(colon + 1) : part;
    if (!KEY_ID.test(id)) throw new Error(`APP_ENCRYPTION_KEY: key id "${id}" must be 1–32 letters, digits, _ or -.`);
    const key = Buffer.from(material.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length !== 32) throw new Error(`APP_ENCRYPTION_KEY: key "${id}" must be 32 bytes (base64), got ${key.length}.`);
    if (keys.has(id)) throw new Error(`APP_ENCRYPTION_KEY: key id "${id}" appears twice.`);
    keys.set(id, key);
    currentId ??= id;
  });
  if (!currentId) throw new Error("APP_ENCRYPTION_KEY holds no key.");
  return { currentId, keys };
}

let shared: Keyring | undefined;

/** The keyring when APP_ENCRYPTION_KEY is set, else undefined (features that can do without it). */
export function configuredKeyring(): Keyring | undefined {
  return process.env.APP_ENCRYPTION_KEY?.trim() ? keyring() : undefined;
}

/** The process-wide keyring, read from the environment once (web and worker get the same value). */
export function keyring(): Keyring {
  shared ??= parseKeyring(process.env.APP_ENCRYPTION_KEY);
  return shared;
}
