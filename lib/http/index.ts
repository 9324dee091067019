export * from "./errors";
export { isUuid, parseInput } from "./validate";
export { errorResponse, readJson, handler, type ErrorBody } from "./respond";
