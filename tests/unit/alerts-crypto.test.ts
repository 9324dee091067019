import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, DecryptionError, encryptSecret, parseKeyring, reencryptSecret, secretKeyId } from "@/lib/crypto";

const key = () => crypto.randomBytes(32).toString("base64");

describe("secrets at rest (AES-256-GCM with key ids)", () => {
  it("round-trips, with a fresh IV each time, and names its key", () => {
    const ring = parseKeyring(`k1:${key()}`);
    const a = encryptSecret(ring, "xoxb-secret", "alert_channel:t:c");
    const b = encryptSecret(ring, "xoxb-secret", "alert_channel:t:c");
    expect(a).not.toBe(b);
    expect(a).not.toContain("xoxb");
    expect(secretKeyId(a)).toBe("k1");
    expect(decryptSecret(ring, a, "alert_channel:t:c")).toBe("xoxb-secret");
  });

  it("refuses a tampered value, another purpose, or an unknown key", () => {
    const ring = parseKeyring(key());
    const sealed = encryptSecret(ring, "routing-key", "p1");
    const parts = sealed.split(".");
    parts[4] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(ring, parts.join("."), "p1")).toThrow(DecryptionError);
    expect(() => decryptSecret(ring, sealed, "p2")).toThrow(DecryptionError);
    expect(() => decryptSecret(parseKeyring(key()), sealed, "p1")).toThrow(/wrong key|could not be decrypted/);
    expect(() => decryptSecret(ring, "plain text", "p1")).toThrow(DecryptionError);
  });

  it("rotates: the new key encrypts, old values still open and can be re-encrypted", () => {
    const oldKey = key();
    const before = parseKeyring(`k1:${oldKey}`);
    const sealed = encryptSecret(before, "whsec_x", "p");
    const after = parseKeyring(`k2:${key()},k1:${oldKey}`);
    expect(after.currentId).toBe("k2");
    expect(decryptSecret(after, sealed, "p")).toBe("whsec_x");
    const rotated = reencryptSecret(after, sealed, "p")!;
    expect(secretKeyId(rotated)).toBe("k2");
    expect(decryptSecret(after, rotated, "p")).toBe("whsec_x");
    expect(reencryptSecret(after, rotated, "p")).toBeNull();
  });

  it("rejects malformed keys", () => {
    expect(() => parseKeyring(undefined)).toThrow(/APP_ENCRYPTION_KEY is not set/);
    expect(() => parseKeyring("k1:c2hvcnQ=")).toThrow(/32 bytes/);
    expect(() => parseKeyring(`a:${key()},a:${key()}`)).toThrow(/twice/);
  });
});
