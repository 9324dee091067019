import type { OpenApiDocument } from "./openapi";

/*
 * A browsable page for the OpenAPI document, rendered on the server with no scripts or CDN
 * assets (Swagger UI from a CDN would not load on an offline or locked-down network).
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function typeOf(schema: Json | undefined): string {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return "any";
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop() ?? "object";
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items)}[]`;
  if (typeof schema.type === "string") return schema.format ? `${schema.type} (${String(schema.format)})` : schema.type;
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map(typeOf).join(" | ");
  return "object";
}

function schemaBlock(schema: Json): string {
  return `<pre>${escape(JSON.stringify(schema, null, 2))}</pre>`;
}

export function renderApiDocs(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = (Array.isArray(op.parameters) ? op.parameters : []) as { [key: string]: Json }[];
      const rows = params
        .map(
          (p) =>
            `<tr><td><code>${escape(String(p.name))}</code></td><td>${escape(String(p.in))}</td><td>${escape(typeOf(p.schema))}</td><td>${p.required ? "yes" : ""}</td><td>${escape(String(p.description ?? ""))}</td></tr>`,
        )
        .join("");
      const responses = (op.responses ?? {}) as { [status: string]: { [key: string]: Json } };
      const success = Object.entries(responses).find(([status]) => status.startsWith("2"));
      const content = success?.[1].content as { [type: string]: { [key: string]: Json } } | undefined;
      const id = escape(String(op.operationId));
      return `<section id="${id}" class="op">
  <h3><span class="method ${escape(method)}">${escape(method.toUpperCase())}</span> <code>/api/v1${escape(path)}</code></h3>
  <p><strong>${escape(String(op.summary ?? ""))}</strong> — scope <code>${escape(String(op["x-required-scope"]))}</code></p>
  ${op.description ? `<p>${escape(String(op.description))}</p>` : ""}
  ${rows ? `<table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>required</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>` : "<p>No parameters.</p>"}
  ${
    !content
      ? `<p>Response ${escape(success?.[0] ?? "")}: no content.</p>`
      : content["application/json"]
        ? `<details><summary>Response ${escape(success?.[0] ?? "")}: ${escape(typeOf(content["application/json"].schema))}</summary>${schemaBlock(content["application/json"].schema ?? null)}</details>`
        : `<p>Response ${escape(success?.[0] ?? "")}: a file, ${Object.keys(content).map((type) => `<code>${escape(type)}</code>`).join(" or ")}.</p>`
  }
</section>`;
    }),
  );
  const schemas = Object.entries(doc.components.schemas)
    .map(([name, schema]) => `<section id="schema-${escape(name)}"><h3>${escape(name)}</h3>${schemaBlock(schema)}</section>`)
    .join("\n");
  const toc = Object.values(doc.paths)
    .flatMap((methods) => Object.values(methods))
    .map((op) => `<li><a href="#${escape(String(op.operationId))}">${escape(String(op.summary))}</a></li>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)} — reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#0f172a;background:#f8fafc}
main{max-width:960px;margin:0 auto;padding:32px}
h1{margin-top:0} code,pre{font-family:ui-monospace,monospace;font-size:13px}
pre{background:#0f172a;color:#e2e8f0;padding:12px;border-radius:6px;overflow:auto;max-height:400px}
.op{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:16px 20px;margin:16px 0}
.method{display:inline-block;min-width:56px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px;background:#2563eb}
.method.post{background:#16a34a}.method.patch{background:#d97706}.method.delete{background:#dc2626}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #e2e8f0;text-align:left;padding:4px 8px;vertical-align:top}
</style></head>
<body><main>
<h1>${escape(doc.info.title)} <small>v${escape(doc.info.version)}</small></h1>
<p>${escape(doc.info.description)}</p>
<p>Base URL: <code>${escape(doc.servers[0]?.url ?? "")}</code> · Machine-readable: <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI ${escape(doc.openapi)})</p>
<h2>Operations</h2><ul>${toc}</ul>
${operations.join("\n")}
<h2>Schemas</h2>
${schemas}
</main></body></html>`;
}
