"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "./send-json";

export type FormNotice = { tone: "success" | "error"; text: string };

/**
 * A settings form's submit: busy while sending, field errors and a notice from the answer, and a
 * refresh of the server components on success (unless `refresh: false`). `send` resolves to the
 * answer's data, or null when it failed. `collapse` maps nested error keys (`thresholds.1`) to the
 * field that shows them (`thresholds`).
 */
export function useSubmit() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<FormNotice | null>(null);
  const [busy, setBusy] = useState(false);
  async function send<T = unknown>(
    path: string,
    method: string,
    body: unknown,
    options: { success: string | ((data: T) => string); refresh?: boolean; collapse?: readonly string[] },
  ): Promise<T | null> {
    setBusy(true);
    setErrors({});
    setNotice(null);
    const answer = await sendJson<T>(path, method, body);
    setBusy(false);
    if (answer.ok) {
      setNotice({ tone: "success", text: typeof options.success === "function" ? options.success(answer.data) : options.success });
      if (options.refresh !== false) router.refresh();
      return answer.data;
    }
    const field = (key: string) => options.collapse?.find((c) => key.startsWith(c)) ?? key;
    setErrors(Object.fromEntries(Object.entries(answer.fields).map(([k, v]) => [field(k), v])));
    setNotice({ tone: "error", text: answer.message });
    return null;
  }
  return { errors, notice, busy, send };
}
