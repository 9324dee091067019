import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import { hashString, hexId } from "./random";

export type RoleSource = "scenario" | "cloudformation" | "admin";

export interface SimRole {
  roleName: string;
  arn: string;
  /** IAM unique id (AROA…), used in assumed-role user ids. */
  roleId: string;
  /** sts:ExternalId required by the trust policy; null means no condition. */
  externalId: string | null;
  /** Accounts whose principals the trust policy lets assume the role. */
  trustedAccountIds: string[];
  /** IAM action patterns allowed, e.g. "ec2:Describe*". */
  allow: string[];
  /** IAM action patterns denied even when allowed. */
  deny: string[];
  maxSessionDurationSeconds: number;
  createdAt: string;
  source: RoleSource;
  stackName?: string;
}

export interface CreateRoleInput {
  roleName: string;
  externalId: string | null;
  trustedAccountIds: string[];
  allow: string[];
  deny?: string[];
  maxSessionDurationSeconds?: number;
  source: RoleSource;
  stackName?: string;
  createdAt: Date;
}

interface StateFileContent {
  roles: SimRole[];
}

const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

/**
 * Roles of the simulated account. Scenario roles are fixed; roles created via the
 * CloudFormation stand-in or the admin API are kept in memory and, when a state
 * file is given, written through to it so they survive restarts.
 */
export class RoleStore {
  private readonly roles = new Map<string, SimRole>();

  constructor(
    private readonly accountId: string,
    builtins: SimRole[],
    private readonly stateFile?: string,
  ) {
    for (const role of builtins) this.roles.set(role.roleName, role);
    if (stateFile && existsSync(stateFile)) {
      const content = JSON.parse(readFileSync(stateFile, "utf8")) as StateFileContent;
      for (const role of content.roles ?? []) this.roles.set(role.roleName, role);
    }
  }

  get(roleName: string): SimRole | undefined {
    return this.roles.get(roleName);
  }

  /** Looks a role up by ARN; only roles of the simulated account exist. */
  getByArn(arn: string): SimRole | undefined {
    const match = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/.exec(arn);
    if (!match || match[1] !== this.accountId) return undefined;
    return this.roles.get(match[2] as string);
  }

  list(): SimRole[] {
    return [...this.roles.values()];
  }

  create(input: CreateRoleInput): SimRole {
    if (!ROLE_NAME_PATTERN.test(input.roleName)) {
      throw new RoleStoreError(`Invalid role name: ${input.roleName}`);
    }
    if (this.roles.has(input.roleName)) {
      throw new RoleStoreError(`Role with name ${input.roleName} already exists.`);
    }
    const role: SimRole = {
      roleName: input.roleName,
      arn: `arn:aws:iam::${this.accountId}:role/${input.roleName}`,
      roleId: `AROA${hexId(17, hashString(input.roleName)).toUpperCase()}`,
      externalId: input.externalId,
      trustedAccountIds: input.trustedAccountIds,
      allow: input.allow,
      deny: input.deny ?? [],
      maxSessionDurationSeconds: input.maxSessionDurationSeconds ?? 43_200,
      createdAt: input.createdAt.toISOString(),
      source: input.source,
      ...(input.stackName ? { stackName: input.stackName } : {}),
    };
    this.roles.set(role.roleName, role);
    this.persist();
    return role;
  }

  /**
   * Replaces a role's permissions policy, as IAM's PutRolePolicy does: sessions already issued
   * see the new policy on their next call. The scenario's built-in roles are fixed.
   */
  updatePolicy(roleName: string, policy: { allow?: string[]; deny?: string[] }): SimRole {
    const role = this.roles.get(roleName);
    if (!role) throw new RoleStoreError(`The role with name ${roleName} cannot be found.`);
    if (role.source === "scenario") throw new RoleStoreError(`Role ${roleName} is a built-in scenario role and cannot be changed.`);
    const updated: SimRole = { ...role, ...(policy.allow ? { allow: policy.allow } : {}), ...(policy.deny ? { deny: policy.deny } : {}) };
    this.roles.set(roleName, updated);
    this.persist();
    return updated;
  }

  private persist(): void {
    if (!this.stateFile) return;
    const content: StateFileContent = { roles: this.list().filter((role) => role.source !== "scenario") };
    // Write-then-rename so a crash never leaves a half-written state file.
    const temporary = `${this.stateFile}.tmp`;
    mkdirSync(dirname(this.stateFile), { recursive: true });
    writeFileSync(temporary, JSON.stringify(content, null, 2));
    renameSync(temporary, this.stateFile);
  }
}

export class RoleStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RoleStoreError";
  }
}
