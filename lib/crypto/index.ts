/*
 * Secrets at rest (ARCHITECTURE.md rule 5): AES-256-GCM under APP_ENCRYPTION_KEY with a key id
 * per value for rotation. Callers pass a purpose string (e.g. `alert_channel:<tenant>:<id>`) that
 * is authenticated with the ciphertext.
 */
export { parseKeyring, keyring, configuredKeyring, type Keyring } from "./keyring";
export { encryptSecret, decryptSecret, reencryptSecret, secretKeyId, generateEncryptionKey, DecryptionError } from "./secret-box";
