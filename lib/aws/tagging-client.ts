import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { countCall, type ApiCallCounter } from "./api-counter";

/*
 * The Resource Groups Tagging API (IAM prefix `tag`), spoken directly: the SDK package for it is
 * not among Monitr's dependencies, and Monitr only needs GetResources. A JSON 1.1 POST signed with
 * SigV4 (service name "tagging"); errors carry the wire code as `name` and the HTTP status in
 * `$metadata`, like SDK errors, so lib/aws/aws-errors.ts and the retry loop treat them the same.
 */

export type GetResourcesInput = {
  ResourceTypeFilters?: string[];
  TagFilters?: { Key: string; Values?: string[] }[];
  ResourcesPerPage?: number;
  PaginationToken?: string;
};
export type GetResourcesOutput = {
  PaginationToken?: string;
  ResourceTagMappingList?: { ResourceARN?: string; Tags?: { Key: string; Value: string }[] }[];
};

export type TaggingClient = {
  getResources(input: GetResourcesInput): Promise<GetResourcesOutput>;
  destroy(): void;
};

export class AwsServiceError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = code;
    this.$metadata = { httpStatusCode: status };
  }
}

const TARGET_PREFIX = "ResourceGroupsTaggingAPI_20170126";

type Options = {
  region: string;
  /** Overrides https://tagging.<region>.amazonaws.com (the simulator). */
  endpoint?: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  requestTimeoutMs: number;
  counter?: ApiCallCounter;
};

type RawResponse = { status: number; headers: IncomingMessage["headers"]; body: string };

function send(url: URL, method: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<RawResponse> {
  const request = url.protocol === "http:" ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new AwsServiceError("TimeoutError", `No answer from ${url.host} within ${timeoutMs} ms`, 0)));
    req.on("error", reject);
    req.end(body);
  });
}

function serviceError(response: RawResponse): AwsServiceError {
  let parsed: { __type?: string; message?: string; Message?: string } = {};
  try {
    parsed = JSON.parse(response.body) as typeof parsed;
  } catch {
    // A body that is not JSON (a proxy's HTML page): the status code still says what happened.
  }
  const header = response.headers["x-amzn-errortype"];
  const raw = (typeof header === "string" ? header : parsed.__type) ?? `HTTP${response.status}`;
  // "com.amazonaws.tagging#ThrottledException:http://…" → "ThrottledException"
  const code = raw.split(":")[0]?.split("#").pop() ?? raw;
  return new AwsServiceError(code, parsed.message ?? parsed.Message ?? `HTTP ${response.status}`, response.status);
}

export function createTaggingClient(options: Options): TaggingClient {
  const url = new URL(options.endpoint ?? `https://tagging.${options.region}.amazonaws.com/`);
  const signer = new SignatureV4({ credentials: options.credentials, region: options.region, service: "tagging", sha256: Sha256 });
  return {
    async getResources(input) {
      const body = JSON.stringify(input);
      const signed = await signer.sign({
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        headers: {
          host: url.host,
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `${TARGET_PREFIX}.GetResources`,
        },
        body,
      });
      if (options.counter) countCall(options.counter, "GetResources");
      const response = await send(url, "POST", signed.headers, body, options.requestTimeoutMs);
      if (response.status !== 200) throw serviceError(response);
      return JSON.parse(response.body) as GetResourcesOutput;
    },
    destroy() {},
  };
}
