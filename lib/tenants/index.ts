export { parseHost, hostnameOf, tenantOrigin, rootOrigin, RESERVED_SUBDOMAINS, type HostTarget } from "./host";
export { slugify, slugProblem, proposeSlug, SLUG_PROBLEM_MESSAGES, SLUG_MIN, SLUG_MAX } from "./slug";
export { getTenantBySlug, isSlugTaken, getMembershipRole, listWorkspaces, type Tenant, type Role, type Workspace } from "./queries";
export { checkSlug, type SlugCheck } from "./check-slug";
