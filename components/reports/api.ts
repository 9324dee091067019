/** Client-side calls to /api/reports (same origin, the session cookie authenticates). */
export type ApiError = { message: string; fields: Record<string, string> };

export async function callApi<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ ok: true; data: T; status: number } | { ok: false; error: ApiError; status: number }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? {} : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    return { ok: false, status: 0, error: { message: "Monitr could not be reached. Check your connection and try again.", fields: {} } };
  }
  if (response.status === 204) return { ok: true, data: undefined as T, status: 204 };
  const json = (await response.json().catch(() => ({}))) as { error?: { message?: string; fields?: Record<string, string> } };
  if (!response.ok) return { ok: false, status: response.status, error: { message: json.error?.message ?? "Something went wrong. Try again.", fields: json.error?.fields ?? {} } };
  return { ok: true, data: json as T, status: response.status };
}

/** Starts a browser download of a finished file (the server answers with Content-Disposition: attachment). */
export function startDownload(url: string): void {
  const a = document.createElement("a");
  a.href = url;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`);
export const formatTime = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC";
