import { describe, expect, it } from "vitest";
import { SignupInput } from "@/lib/auth/schemas";
import { ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";

describe("parseInput", () => {
  it("names every invalid field", () => {
    const error = (() => {
      try {
        parseInput(SignupInput, { name: "", email: "not-an-email", password: 5, company: "Acme", slug: "acme", plan: "gold" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).fields!;
    expect(Object.keys(fields).sort()).toEqual(["email", "name", "password", "plan"]);
    expect(fields.email).toBe("Enter a valid email address.");
    expect((error as ValidationError).status).toBe(400);
  });

  it("normalises email and slug", () => {
    const input = parseInput(SignupInput, { name: " Ada ", email: " Ada@Acme.TEST ", password: "x", company: "Acme", slug: " ACME " });
    expect(input).toMatchObject({ name: "Ada", email: "ada@acme.test", slug: "acme", plan: "free" });
  });
});
