import argon2 from "argon2";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

// A short list of the passwords most often seen in breaches that are at least 10 characters long,
// plus patterns people reach for when told "at least 10 characters".
const COMMON = new Set([
  "1234567890", "12345678910", "123456789a", "0123456789", "1q2w3e4r5t", "qwertyuiop", "password12",
  "password123", "password1234", "passw0rd123", "iloveyou123", "qwerty1234", "qwerty12345", "1qaz2wsx3edc",
  "abcdefghij", "abc1234567", "aaaaaaaaaa", "1111111111", "0000000000", "monkey1234", "dragon1234",
  "football12", "baseball12", "sunshine12", "princess12", "welcome123", "welcome1234", "letmein123",
  "administrator", "admin12345", "changeme123", "trustno1234", "superman12", "starwars12", "whatever12",
  "qazwsxedcrfv", "zaq12wsxcde", "asdfghjkl1", "asdfghjkl;", "zxcvbnm123", "michael123", "jennifer12",
  "monitr1234", "monitr12345", "password!1", "p@ssw0rd123", "p@ssword123", "secret1234", "computer12",
]);

export function passwordProblem(password: string, context: { email?: string; company?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "This password is too common. Choose one that is harder to guess.";
  if (/^(.)\1+$/.test(password)) return "This password is too easy to guess.";
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return "Don't use your email address in your password.";
  return null;
}

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes).
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Spends the same time as a real check so a missing account can't be told from a wrong password. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword("monitr-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}
