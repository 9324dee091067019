import { PLATFORM_ACCOUNT_ID } from "./account";
import { READ_ONLY_ACTIONS } from "./permissions";
import type { SimResponse } from "./protocols";
import { hashString, hexId } from "./random";
import { RoleStoreError } from "./role-store";
import type { SimCore } from "./sim-core";
import { xmlEscape as esc } from "./xml";

// A stand-in for the CloudFormation console's "quick create stack" page that
// Monitr's onboarding links to. Creating the stack creates the cross-account
// role with the ExternalId from the link, and shows its ARN to copy back.

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;

function page(title: string, body: string, status = 200): SimResponse {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} – AWS CloudFormation (Monitr simulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.75rem 0}input[type=text]{width:100%}output{font-family:monospace;background:#f2f3f3;padding:.25rem .5rem;display:inline-block}button{padding:.5rem 1rem}</style>
</head><body><main><p>AWS CloudFormation (simulated)</p>${body}</main></body></html>`,
  };
}

function params(source: URLSearchParams): Array<[string, string]> {
  return [...source].filter(([key]) => key.startsWith("param_")).map(([key, value]) => [key.slice(6), value]);
}

function quickCreateForm(core: SimCore, query: URLSearchParams): SimResponse {
  const stackName = query.get("stackName") ?? "";
  const templateUrl = query.get("templateURL") ?? "";
  const parameters = params(query);
  const fields = parameters
    .map(([name, value]) => `<label>${esc(name)} <input type="text" name="param_${esc(name)}" value="${esc(value)}" readonly></label>`)
    .join("");
  return page(
    "Quick create stack",
    `<h1>Quick create stack</h1>
<p>Account <strong>${core.scenario.accountId}</strong></p>
<form method="post" action="/cloudformation/quick-create">
<dl><dt>Template URL</dt><dd><code>${esc(templateUrl)}</code></dd></dl>
<input type="hidden" name="templateURL" value="${esc(templateUrl)}">
<label>Stack name <input type="text" name="stackName" value="${esc(stackName)}" required></label>
<fieldset><legend>Parameters</legend>${fields || "<p>No parameters</p>"}</fieldset>
<label><input type="checkbox" name="capabilities" value="CAPABILITY_NAMED_IAM" required> I acknowledge that AWS CloudFormation might create IAM resources with custom names.</label>
<button type="submit">Create stack</button>
</form>`,
  );
}

function createStack(core: SimCore, form: URLSearchParams, wantsJson: boolean): SimResponse {
  const stackName = form.get("stackName") ?? "";
  const parameters = new Map(params(form));
  const externalId = parameters.get("ExternalId") ?? "";
  const fail = (message: string): SimResponse =>
    wantsJson
      ? { status: 400, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: message }) }
      : page("Create stack failed", `<h1>Create stack failed</h1><p role="alert">${esc(message)}</p>`, 400);
  if (!STACK_NAME.test(stackName)) return fail(`Stack name '${stackName}' is invalid: use letters, digits and hyphens, starting with a letter.`);
  if (form.get("capabilities") !== "CAPABILITY_NAMED_IAM") return fail("Requires capabilities : [CAPABILITY_NAMED_IAM]");
  if (externalId.length < 2) return fail("Parameters: [ExternalId] must have values");
  if (core.roles.list().some((role) => role.stackName === stackName)) return fail(`Stack [${stackName}] already exists`);
  // Like CloudFormation's generated names: <stack>-<logical id>-<random suffix>, max 64 chars.
  const suffix = hexId(12, hashString(`${stackName}|${externalId}`)).toUpperCase();
  const roleName = parameters.get("RoleName") || `${stackName.slice(0, 30)}-MonitrRole-${suffix}`;
  try {
    const role = core.roles.create({
      roleName,
      externalId,
      trustedAccountIds: [PLATFORM_ACCOUNT_ID],
      allow: READ_ONLY_ACTIONS,
      source: "cloudformation",
      stackName,
      createdAt: core.clock.now(),
    });
    if (wantsJson) {
      return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ stackName, roleArn: role.arn, externalId }) };
    }
    return page(
      "Stack created",
      `<h1>${esc(stackName)}: CREATE_COMPLETE</h1>
<p>The stack created IAM role <strong>${esc(role.roleName)}</strong>, trusted by account ${PLATFORM_ACCOUNT_ID} with your external ID.</p>
<h2>Outputs</h2>
<dl><dt>RoleArn</dt><dd><output aria-label="Role ARN" id="role-arn">${esc(role.arn)}</output></dd>
<dt>ExternalId</dt><dd><output aria-label="External ID" id="external-id">${esc(externalId)}</output></dd></dl>
<p>Copy the role ARN back into Monitr.</p>`,
    );
  } catch (error) {
    if (error instanceof RoleStoreError) return fail(error.message);
    throw error;
  }
}

export function handleCloudFormation(core: SimCore, method: string, path: string, query: URLSearchParams, body: Buffer, accept: string): SimResponse | null {
  if (path !== "/cloudformation/quick-create") return null;
  if (method === "GET") return quickCreateForm(core, query);
  if (method === "POST") return createStack(core, new URLSearchParams(body.toString("utf8")), accept.includes("application/json"));
  return { status: 405, headers: { allow: "GET, POST" }, body: "" };
}
