import { createHash, createHmac, randomBytes } from "node:crypto";
import { base32Decode, base32Encode } from "./base32";
import type { RoleStore, SimRole } from "./role-store";
import { SimError } from "./sim-error";

export interface StaticUser {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  userName: string;
  /** IAM unique id (AIDA…). */
  userId: string;
  allow: string[];
}

export interface UserPrincipal {
  kind: "user";
  accountId: string;
  arn: string;
  userId: string;
  name: string;
  allow: string[];
  deny: string[];
}

export interface AssumedRolePrincipal {
  kind: "assumed-role";
  accountId: string;
  arn: string;
  userId: string;
  role: SimRole;
  sessionName: string;
  expiresAt: Date;
  allow: string[];
  deny: string[];
}

export type Principal = UserPrincipal | AssumedRolePrincipal;

export interface ResolvedCredentials {
  secretAccessKey: string;
  principal: Principal;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

const SEPARATOR = "|";

/**
 * Stateless temporary credentials: the access key id carries role, session and
 * expiry (base32), and the secret and session token are HMACs of it under a
 * master key derived from the seed. Any simulator started with the same seed
 * accepts them, across restarts, without storing anything.
 */
export class CredentialAuthority {
  private readonly masterKey: Buffer;
  private readonly users: Map<string, StaticUser>;

  constructor(
    seed: number,
    users: readonly StaticUser[],
    private readonly roles: RoleStore,
    private readonly accountId: string,
  ) {
    this.masterKey = createHash("sha256").update(`monitr-aws-sim|${seed}`).digest();
    this.users = new Map(users.map((user) => [user.accessKeyId, user]));
  }

  issue(role: SimRole, sessionName: string, expiration: Date): TemporaryCredentials {
    const nonce = randomBytes(3).toString("hex");
    const payload = [role.roleName, sessionName, Math.floor(expiration.getTime() / 1000), nonce].join(SEPARATOR);
    const accessKeyId = `ASIA${base32Encode(payload)}`;
    return {
      accessKeyId,
      secretAccessKey: this.derive("secret", accessKeyId).slice(0, 40),
      sessionToken: `IQoJb3JpZ2luX2VjE${this.derive("token", accessKeyId)}`,
      expiration: new Date(Math.floor(expiration.getTime() / 1000) * 1000),
    };
  }

  /** Finds the secret and principal for an access key; throws InvalidClientTokenId when unknown. */
  resolve(accessKeyId: string, sessionToken: string | undefined): ResolvedCredentials {
    const user = this.users.get(accessKeyId);
    if (user) {
      if (sessionToken !== undefined) throw invalidToken();
      return {
        secretAccessKey: user.secretAccessKey,
        principal: {
          kind: "user",
          accountId: user.accountId,
          arn: `arn:aws:iam::${user.accountId}:user/${user.userName}`,
          userId: user.userId,
          name: user.userName,
          allow: user.allow,
          deny: [],
        },
      };
    }
    if (!accessKeyId.startsWith("ASIA")) throw invalidToken();
    const decoded = base32Decode(accessKeyId.slice(4));
    const parts = decoded?.split(SEPARATOR);
    if (!parts || parts.length !== 4) throw invalidToken();
    const [roleName, sessionName, expirySeconds] = parts as [string, string, string, string];
    const role = this.roles.get(roleName);
    if (!role || sessionToken !== `IQoJb3JpZ2luX2VjE${this.derive("token", accessKeyId)}`) throw invalidToken();
    return {
      secretAccessKey: this.derive("secret", accessKeyId).slice(0, 40),
      principal: {
        kind: "assumed-role",
        accountId: this.accountId,
        arn: `arn:aws:sts::${this.accountId}:assumed-role/${role.roleName}/${sessionName}`,
        userId: `${role.roleId}:${sessionName}`,
        role,
        sessionName,
        expiresAt: new Date(Number(expirySeconds) * 1000),
        allow: role.allow,
        deny: role.deny,
      },
    };
  }

  private derive(purpose: string, accessKeyId: string): string {
    return createHmac("sha256", this.masterKey).update(`${purpose}|${accessKeyId}`).digest("base64");
  }
}

function invalidToken(): SimError {
  return new SimError("InvalidClientTokenId", "The security token included in the request is invalid.");
}
