import { generate, generateSecret } from "otplib";
import { describe, expect, it } from "vitest";
import { hashRecoveryCode, matchTotp, newRecoveryCodes } from "@/lib/security/totp";

const at = (iso: string) => new Date(iso);
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

describe("matchTotp", () => {
  const secret = generateSecret();
  const now = at("2026-03-01T12:00:10Z");

  it("accepts the current code and its neighbours (clock drift), refuses older ones and garbage", async () => {
    const current = await generate({ secret, epoch: epoch(now) });
    const step = await matchTotp(secret, current, null, now);
    expect(step).toBe(Math.floor(epoch(now) / 30));
    expect(await matchTotp(secret, await generate({ secret, epoch: epoch(now) - 30 }), null, now)).toBe(step! - 1);
    expect(await matchTotp(secret, await generate({ secret, epoch: epoch(now) - 90 }), null, now)).toBeNull();
    for (const junk of ["", "12345", "1234567", "abcdef", "12 34 56"]) expect(await matchTotp(secret, junk, null, now)).toBeNull();
  });

  it("refuses a code whose step was already used (replay), and earlier steps too", async () => {
    const current = await generate({ secret, epoch: epoch(now) });
    const step = (await matchTotp(secret, current, null, now))!;
    expect(await matchTotp(secret, current, step, now)).toBeNull();
    expect(await matchTotp(secret, await generate({ secret, epoch: epoch(now) - 30 }), step, now)).toBeNull();
    expect(await matchTotp(secret, await generate({ secret, epoch: epoch(now) + 30 }), step, now)).toBe(step + 1);
  });
});

describe("recovery codes", () => {
  it("makes 10 distinct readable codes whose hash ignores case, spaces and dashes", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(hashRecoveryCode(codes[0])).toBe(hashRecoveryCode(` ${codes[0].toLowerCase().replace(/-/g, " ")} `));
    expect(hashRecoveryCode(codes[0])).not.toBe(hashRecoveryCode(codes[1]));
  });
});
