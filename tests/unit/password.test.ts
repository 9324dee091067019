import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "@/lib/auth/password";

describe("passwordProblem", () => {
  it("requires at least 10 characters", () => {
    expect(passwordProblem("Sh0rt!pw")).toMatch(/at least 10/);
    expect(passwordProblem("ten chars!")).toBeNull();
  });

  it("rejects common passwords whatever their case", () => {
    expect(passwordProblem("Password123")).toMatch(/too common/);
    expect(passwordProblem("QWERTYUIOP")).toMatch(/too common/);
    expect(passwordProblem("1234567890")).toMatch(/too common/);
  });

  it("rejects a single repeated character and the email's local part", () => {
    expect(passwordProblem("zzzzzzzzzzzz")).toMatch(/easy/);
    expect(passwordProblem("ada.lovelace1815", { email: "ada.lovelace@acme.test" })).toMatch(/email/);
  });
});

describe("argon2id hashing", () => {
  it("verifies the right password only", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterz")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});
