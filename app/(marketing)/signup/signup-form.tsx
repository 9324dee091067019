"use client";

import { useEffect, useRef, useState } from "react";
import { Button, Field, Notice } from "@/components/ui";

type Values = { name: string; email: string; password: string; company: string; slug: string; plan: "free" | "pro" };
type SlugState = { status: "idle" | "checking" | "available" | "unavailable"; message?: string };

export function SignupForm({ appDomain, initialPlan }: { appDomain: string; initialPlan: "free" | "pro" }) {
  const [values, setValues] = useState<Values>({ name: "", email: "", password: "", company: "", slug: "", plan: initialPlan });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [slugState, setSlugState] = useState<SlugState>({ status: "idle" });
  const slugEdited = useRef(false);

  const set = (key: keyof Values) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const value = event.target.value;
    if (key === "slug") slugEdited.current = true;
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: "" }));
  };

  // Propose a subdomain from the company name until the user edits it, then check availability.
  useEffect(() => {
    const query: Record<string, string> | null = slugEdited.current ? { slug: values.slug } : values.company.trim() ? { company: values.company } : null;
    if (!query || (slugEdited.current && !values.slug)) {
      setSlugState({ status: "idle" });
      return;
    }
    setSlugState({ status: "checking" });
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/signup/slug?${new URLSearchParams(query)}`, { signal: controller.signal });
        const body = (await res.json()) as { slug: string; available: boolean; message?: string; suggestion?: string };
        if (!slugEdited.current) setValues((v) => ({ ...v, slug: body.slug }));
        setSlugState(
          body.available
            ? { status: "available", message: `${body.slug}.${appDomain} is available.` }
            : { status: "unavailable", message: `${body.message ?? "Not available."}${body.suggestion ? ` Try "${body.suggestion}".` : ""}` },
        );
      } catch (error) {
        if ((error as Error).name !== "AbortError") setSlugState({ status: "idle" });
      }
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [values.company, values.slug, appDomain]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setFormError(null);
    try {
      const res = await fetch("/api/signup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(values) });
      const body = await res.json();
      if (res.ok) {
        window.location.assign(body.redirectUrl);
        return;
      }
      setErrors(body.error?.fields ?? {});
      setFormError(body.error?.message ?? "Sign-up failed. Please try again.");
    } catch {
      setFormError("We couldn't reach Monitr. Check your connection and try again.");
    }
    setSubmitting(false);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      {formError ? <Notice tone="error">{formError}</Notice> : null}
      <Field label="Full name" name="name" autoComplete="name" value={values.name} onChange={set("name")} error={errors.name} required />
      <Field label="Work email" name="email" type="email" autoComplete="email" value={values.email} onChange={set("email")} error={errors.email} required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={values.password}
        onChange={set("password")}
        error={errors.password}
        hint="At least 10 characters. Avoid common passwords."
        required
      />
      <Field label="Company name" name="company" autoComplete="organization" value={values.company} onChange={set("company")} error={errors.company} required />
      <Field
        label="Subdomain"
        name="slug"
        value={values.slug}
        onChange={set("slug")}
        error={errors.slug || (slugState.status === "unavailable" ? slugState.message : undefined)}
        hint={slugState.status === "checking" ? "Checking…" : slugState.status === "available" ? slugState.message : "Lowercase letters, digits and hyphens."}
        suffix={`.${appDomain}`}
        autoCapitalize="none"
        spellCheck={false}
        required
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Plan</legend>
        <div className="mt-2 grid grid-cols-2 gap-3">
          {(["free", "pro"] as const).map((plan) => (
            <label key={plan} className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm ${values.plan === plan ? "border-brand-500 bg-brand-50" : "border-slate-300"}`}>
              <input type="radio" name="plan" value={plan} checked={values.plan === plan} onChange={() => setValues((v) => ({ ...v, plan }))} />
              {plan === "free" ? "Free" : "Pro — $49 / month"}
            </label>
          ))}
        </div>
        {values.plan === "pro" ? <p className="mt-2 text-xs text-slate-500">You start on Free; upgrade to Pro from Settings → Billing once you're in.</p> : null}
      </fieldset>
      <Button type="submit" className="w-full" disabled={submitting}>
        {submitting ? "Creating your workspace…" : "Create workspace"}
      </Button>
    </form>
  );
}
