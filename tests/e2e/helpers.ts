import http from "node:http";

export const PORT = Number(process.env.E2E_PORT ?? 3100);

/** Browsers resolve *.localhost; Node does not, so API calls go to 127.0.0.1 with a Host header. */
export function api(options: { host: string; path: string; method?: string; body?: unknown; cookie?: string }): Promise<{ status: number; json: unknown; headers: http.IncomingHttpHeaders }> {
  const payload = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: PORT,
        path: options.path,
        method: options.method ?? "GET",
        headers: {
          host: `${options.host}:${PORT}`,
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
          ...(options.cookie ? { cookie: options.cookie } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => {
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
        });
      },
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 5)}`;
}

/** The dev mailbox of the server under test (scripts/e2e.ts sets MAIL_DIR for both). */
export const MAIL_DIR = process.env.MAIL_DIR ?? ".data/mail";
