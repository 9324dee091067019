/** A dashboard has at most a few dozen charts; a POST /api/metrics/query with more queries is refused, not cut (server and browser alike). */
export const MAX_BATCH_QUERIES = 50;
