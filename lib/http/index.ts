export * from "./errors";
export { parseInput } from "./validate";
export { errorResponse, readJson, handler, type ErrorBody } from "./respond";
