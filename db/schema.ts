// The whole schema, one file per module under db/tables/ (drizzle-kit reads that folder).
export * from "./tables/core";
export * from "./tables/aws";
export * from "./tables/metrics";
