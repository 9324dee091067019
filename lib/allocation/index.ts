/*
 * Cost allocation (issue #9): teams, cost centers, resource owners (direct assignments with
 * history, and tag rules that also cover resources discovered later) and spend per owner. The
 * method is ALLOCATION_METHOD (cost-by-owner.ts); list prices are in prices.ts.
 */
export { OwnerKind, OwnerRef, ResourceRef, AssignInput, UnassignInput, TeamInput, TeamMemberInput, CostCenterInput, RuleInput, MonthInput, pathUuid } from "./schemas";
export { loadDirectory, ownerName, assertOwnerExists, assertMayManageOwner, assertMayView, assertAdmin, isAdmin, type Directory, type DirectoryMember, type DirectoryTeam } from "./directory";
export { getDirectory, createTeam, deleteTeam, addTeamMember, removeTeamMember, createCostCenter } from "./teams";
export { assignResources, unassignResources, assignmentHistory, type AssignResult, type AssignmentRow } from "./assignments";
export { createRule, deleteRule, listRules, type AllocationRule } from "./rules";
export { listOwnedResources, type OwnedResource } from "./current-owners";
export { costByOwner, allocateCosts, monthWindow, currentMonth, monthProgress, ALLOCATION_METHOD, type CostAllocation, type OwnerCost } from "./cost-by-owner";
export { ownerKey, estimateResourceCosts, resourceVersionsOverlapping, type Owner, type ResourceCost } from "./resource-costs";
export { INSTANCE_PRICES, EBS_GB_MONTH, ELASTIC_IP_HOURLY, HOURS_PER_MONTH, instanceSpec, successorType, volumeMonthly, familyOf } from "./prices";
