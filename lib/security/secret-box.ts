import { decryptSecret, encryptSecret, keyring, type Keyring } from "@/lib/crypto";

/*
 * TOTP secrets are sealed with the shared secrets-at-rest module (lib/crypto: AES-256-GCM under
 * APP_ENCRYPTION_KEY, key id per value). The purpose binds each ciphertext to its user, so a
 * secret copied onto another account's row does not decrypt. Verbs take a SecretBox so tests
 * pass their own keyring.
 */
export type SecretBox = { seal(plain: string, purpose: string): string; open(sealed: string, purpose: string): string };

export function createSecretBox(ring: Keyring): SecretBox {
  return {
    seal: (plain, purpose) => encryptSecret(ring, plain, purpose),
    open: (sealed, purpose) => decryptSecret(ring, sealed, purpose),
  };
}

let shared: SecretBox | undefined;
/** The process-wide box over APP_ENCRYPTION_KEY. */
export function secretBox(): SecretBox {
  shared ??= createSecretBox(keyring());
  return shared;
}

export const totpPurpose = (userId: string) => `totp:${userId}`;
