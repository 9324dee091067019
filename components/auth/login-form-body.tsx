"use client";

import { Button, Field, Notice } from "@/components/ui";

export type LoginValues = { email: string; password: string; code: string };

/**
 * The fields both log-in forms share: email and password, then (for accounts with two-factor
 * sign-in) the authenticator code. The forms differ only in where they send the values.
 */
export function LoginFormBody({
  values,
  onChange,
  askCode,
  errors = {},
  formError,
  busy,
  submitLabel,
  busyLabel,
  forgotPasswordUrl,
}: {
  values: LoginValues;
  onChange: (values: LoginValues) => void;
  askCode: boolean;
  errors?: Record<string, string>;
  formError: string | null;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  forgotPasswordUrl: string;
}) {
  const set = (field: keyof LoginValues) => (e: React.ChangeEvent<HTMLInputElement>) => onChange({ ...values, [field]: e.target.value });
  return (
    <>
      {formError ? <Notice tone="error">{formError}</Notice> : null}
      {askCode ? (
        <>
          <p className="text-sm text-slate-600">Two-factor sign-in is on for {values.email}. Open your authenticator app and enter the current code.</p>
          <Field
            label="Authentication code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            autoFocus
            value={values.code}
            onChange={set("code")}
            error={errors.code}
            hint="6 digits, or one of your recovery codes."
            required
          />
        </>
      ) : (
        <>
          <Field label="Email" name="email" type="email" autoComplete="email" value={values.email} onChange={set("email")} error={errors.email} required />
          <Field label="Password" name="password" type="password" autoComplete="current-password" value={values.password} onChange={set("password")} error={errors.password} required />
        </>
      )}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? busyLabel : askCode ? "Verify" : submitLabel}
      </Button>
      {!askCode ? (
        <p className="text-center text-sm">
          <a href={forgotPasswordUrl} className="text-brand-600 hover:underline">
            Forgot password?
          </a>
        </p>
      ) : null}
    </>
  );
}
