// Team and workspace administration (issue #10): members, invitations, roles, workspace settings, audit log.
export { PERMISSIONS, ACTIONS, ROLES, can, requirePermission, permissionsMarkdown, type Action } from "./permissions";
export { listMembers, changeMemberRole, removeMember, transferOwnership, ChangeRoleInput, MemberRef, MemberRole, type Member } from "./members";
export { inviteMember, listInvitations, revokeInvitation, InviteInput, INVITE_TTL_DAYS, type Invitation, type InviteDeps } from "./invitations";
export { viewInvitation, acceptInvitation, AcceptInvitationInput, type InvitationView } from "./accept-invitation";
export { renameWorkspace, changeSubdomain, setRequireTwoFactor, RenameWorkspaceInput, ChangeSubdomainInput, RequireTwoFactorInput } from "./workspace";
export { deleteWorkspace, DeleteWorkspaceInput, type DeleteHooks } from "./delete-workspace";
export { listAuditEvents, listAuditActions, auditCsvStream, AuditFilter, type AuditEvent } from "./audit-log";
export { findSlugRedirect, isSlugReservedByRedirect, SLUG_REDIRECT_DAYS } from "./slug-redirects";
export { switchWorkspace } from "./switch-workspace";
