"use client";

import { useActionState } from "react";
import { Button, Field, Notice } from "@/components/ui";
import { operatorLoginAction, type LoginState } from "../actions";

export function OperatorLoginForm() {
  const [state, action, pending] = useActionState<LoginState, FormData>(operatorLoginAction, {});
  return (
    <form action={action} className="space-y-4">
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <Field label="Email" name="email" type="email" autoComplete="username" defaultValue={state.email} required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
