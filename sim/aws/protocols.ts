import type { IncomingHttpHeaders } from "node:http";
import type { Principal } from "./identities";
import { type ServiceName, resolveError } from "./service-errors";
import type { SimError } from "./sim-error";
import { textTag, xmlEscape } from "./xml";

export type ProtocolName = "query" | "ec2" | "json-1.0-query-compat" | "json-1.1" | "rest-json";

export interface RawRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Authorization = "allowed" | "implicit-deny" | "explicit-deny";

export interface CallContext {
  now: Date;
  region: string;
  principal: Principal;
  requestId: string;
  /** Evaluates the caller's policies (and injected deny faults) for an IAM action. */
  authorize(iamAction: string): Authorization;
}

export interface ResolvedCall {
  /** API action name, e.g. "DescribeInstances"; the IAM action is `${service}:${action}`. */
  action: string;
  /** True when the handler checks permissions itself (STS). */
  selfAuthorizing: boolean;
  execute(ctx: CallContext): SimResponse;
}

export interface ServiceModule {
  name: ServiceName;
  /** SigV4 credential-scope service name. */
  signingName: string;
  protocol: ProtocolName;
  /** Global services (STS, Cost Explorer) answer whatever region the request is signed for. */
  regional: boolean;
  resolve(request: RawRequest): ResolvedCall;
}

const XML_NAMESPACES: Record<"query" | "ec2", string> = {
  query: "https://sts.amazonaws.com/doc/2011-06-15/",
  ec2: "http://ec2.amazonaws.com/doc/2016-11-15/",
};

const JSON_CONTENT_TYPES: Record<ProtocolName, string> = {
  query: "text/xml",
  ec2: "text/xml;charset=UTF-8",
  "json-1.0-query-compat": "application/x-amz-json-1.0",
  "json-1.1": "application/x-amz-json-1.1",
  "rest-json": "application/json",
};

export function xmlResponse(protocol: "query" | "ec2", action: string, inner: string, requestId: string): SimResponse {
  const ns = XML_NAMESPACES[protocol];
  const body =
    protocol === "ec2"
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${ns}">${textTag("requestId", requestId)}${inner}</${action}Response>`
      : `<${action}Response xmlns="${ns}"><${action}Result>${inner}</${action}Result><ResponseMetadata>${textTag("RequestId", requestId)}</ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { "content-type": JSON_CONTENT_TYPES[protocol], "x-amzn-requestid": requestId }, body };
}

export function jsonResponse(protocol: ProtocolName, value: unknown, requestId: string, status = 200): SimResponse {
  return {
    status,
    headers: { "content-type": JSON_CONTENT_TYPES[protocol], "x-amzn-requestid": requestId },
    body: JSON.stringify(value),
  };
}

/** Shapes an error the way the service's protocol does, so the SDK maps it to its exception class. */
export function errorResponse(service: ServiceModule, error: SimError, requestId: string): SimResponse {
  const { code, status } = resolveError(service.name, error.kind);
  // EC2 words every credential failure the same way.
  const message =
    service.name === "ec2" && code === "AuthFailure" ? "AWS was not able to validate the provided access credentials" : error.message;
  const faultType = status >= 500 ? "Receiver" : "Sender";
  const base = { "x-amzn-requestid": requestId, "content-type": JSON_CONTENT_TYPES[service.protocol] };
  switch (service.protocol) {
    case "query":
      return {
        status,
        headers: base,
        body: `<ErrorResponse xmlns="${XML_NAMESPACES.query}"><Error><Type>${faultType}</Type>${textTag("Code", code)}${textTag("Message", message)}</Error>${textTag("RequestId", requestId)}</ErrorResponse>`,
      };
    case "ec2":
      return {
        status,
        headers: base,
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${textTag("Code", code)}${textTag("Message", message)}</Error></Errors><RequestID>${xmlEscape(requestId)}</RequestID></Response>`,
      };
    case "json-1.0-query-compat":
      // Query-compatible JSON services carry the old query error code in a header;
      // the SDK prefers it over __type when picking the exception.
      return {
        status,
        headers: { ...base, "x-amzn-query-error": `${code};${faultType}` },
        body: JSON.stringify({ __type: `com.amazonaws.cloudwatch#${code}`, message, ...error.fields }),
      };
    case "json-1.1":
      return { status, headers: base, body: JSON.stringify({ __type: code, message, ...error.fields }) };
    case "rest-json":
      return { status, headers: { ...base, "x-amzn-errortype": code }, body: JSON.stringify({ message, ...error.fields }) };
  }
}
