/** The settings forms' one way to call the JSON API: never throws; a network failure reads as an error. */
export type ApiAnswer<T> = { ok: true; data: T } | { ok: false; status: number; message: string; code?: string; fields: Record<string, string> };

export async function sendJson<T = unknown>(path: string, method: string, body?: unknown): Promise<ApiAnswer<T>> {
  try {
    const res = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = res.status === 204 ? {} : await res.json().catch(() => ({}));
    if (res.ok) return { ok: true, data: json as T };
    return { ok: false, status: res.status, message: json.error?.message ?? "Something went wrong.", code: json.error?.code, fields: json.error?.fields ?? {} };
  } catch {
    return { ok: false, status: 0, message: "We couldn't reach Monitr. Check your connection and try again.", fields: {} };
  }
}
