export { createDb, getDb, type Db, type Tx, type Queryable } from "./client";
export { withTenant, withUser, enterTenant } from "./with-tenant";
export { sqlState, isUniqueViolation, SQLSTATE } from "./pg-errors";
export * as schema from "@/db/schema";
