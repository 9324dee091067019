// The whole schema, one file per module under db/tables/ (drizzle-kit reads that folder).
export * from "./tables/core";
export * from "./tables/aws";
export * from "./tables/metrics";
export * from "./tables/dashboards";
export * from "./tables/ops";
export * from "./tables/team";
export * from "./tables/billing";
export * from "./tables/alerts";
export * from "./tables/reports";
export * from "./tables/allocation";
export * from "./tables/budgets";
export * from "./tables/insights";
