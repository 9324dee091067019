// The public REST API (/api/v1): a registry of operations, its router, and the OpenAPI document generated from it.
export { ENDPOINTS } from "./endpoints";
export { dispatchApiRequest } from "./dispatch";
export { buildOpenApiDocument, type OpenApiDocument } from "./openapi";
export { renderApiDocs } from "./docs-html";
export { findRoute, matchPath, defineEndpoint, type Endpoint, type HttpMethod } from "./registry";
