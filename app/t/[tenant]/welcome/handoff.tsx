"use client";

import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { ButtonLink, Notice, Spinner } from "@/components/ui";

/** Trades the one-time token for a session cookie on this subdomain, then opens the workspace. */
export function Handoff({ token }: { token: string }) {
  const [failed, setFailed] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (!token) {
      setFailed(true);
      return;
    }
    signIn("handoff", { token, redirect: false })
      .then((result) => (result?.ok && !result.error ? window.location.replace("/") : setFailed(true)))
      .catch(() => setFailed(true));
  }, [token]);

  if (!failed) return <Spinner label="Signing you in…" />;
  return (
    <div className="space-y-4">
      <Notice tone="error">This sign-in link has expired or was already used.</Notice>
      <ButtonLink href="/login">Log in</ButtonLink>
    </div>
  );
}
