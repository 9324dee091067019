import { z } from "zod";
import { PASSWORD_MAX } from "./password";

export const Email = z
  .string({ error: "Enter your work email." })
  .trim()
  .min(1, "Enter your work email.")
  .max(254, "This email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address." }))
  .transform((e) => e.toLowerCase());

export const SignupInput = z.object({
  name: z.string({ error: "Enter your full name." }).trim().min(1, "Enter your full name.").max(120, "Use at most 120 characters."),
  email: Email,
  password: z.string({ error: "Choose a password." }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
  company: z.string({ error: "Enter your company name." }).trim().min(1, "Enter your company name.").max(120, "Use at most 120 characters."),
  slug: z.string({ error: "Choose a subdomain." }).trim().toLowerCase(),
  plan: z.enum(["free", "pro"], { error: "Choose Free or Pro." }).default("free"),
});
export type SignupInput = z.infer<typeof SignupInput>;

export const LoginInput = z.object({
  email: Email,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX),
  // The second step for accounts with two-factor sign-in: a 6-digit code or a recovery code.
  code: z
    .string()
    .trim()
    .max(32, "That code is too long.")
    .optional()
    .transform((c) => c || undefined),
});
export type LoginInput = z.infer<typeof LoginInput>;
