import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { decryptSecret, DecryptionError, encryptSecret, type Keyring } from "@/lib/crypto";
import { schema, withTenant, type Db, type Tx } from "@/lib/db";
import type { AssumedCredentials, CredentialStore, RoleTarget } from "./assume-role";

/*
 * The workers' shared session cache (issue #4: one STS call per connection per hour, not per job,
 * and several workers may run at once). A worker that misses its own cache takes a transaction-scoped
 * advisory lock on the role, reads the stored session and uses it if it is still good; otherwise
 * it calls STS while holding the lock, so workers starting together wait for the first one's
 * session instead of each making their own. The secret key and token are sealed, bound to the
 * tenant and role; a row whose key was retired is simply replaced.
 */
const s = schema.awsRoleSessions;

export const roleKeyOf = (target: Pick<RoleTarget, "roleArn" | "externalId">) =>
  crypto.createHash("sha256").update(`${target.roleArn}\u0000${target.externalId}`).digest("hex");

const purposeOf = (tenantId: string, roleKey: string) => `aws-role-session:${tenantId}:${roleKey}`;

function unseal(ring: Keyring, tenantId: string, row: typeof s.$inferSelect): AssumedCredentials | null {
  try {
    const { secretAccessKey, sessionToken } = JSON.parse(decryptSecret(ring, row.sealed, purposeOf(tenantId, row.roleKey))) as { secretAccessKey: string; sessionToken: string };
    return { accessKeyId: row.accessKeyId, secretAccessKey, sessionToken, expiration: row.expiresAt, accountId: row.accountId };
  } catch (error) {
    if (error instanceof DecryptionError) return null;
    throw error;
  }
}

export function createCredentialStore(db: Db, tenantId: string, ring: Keyring): CredentialStore {
  return {
    obtain(target, { usable, fetch }) {
      const roleKey = roleKeyOf(target);
      return withTenant(
        tenantId,
        async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${purposeOf(tenantId, roleKey)}, 0))`);
          const [row] = await tx.select().from(s).where(and(eq(s.tenantId, tenantId), eq(s.roleKey, roleKey)));
          const stored = row ? unseal(ring, tenantId, row) : null;
          if (stored && usable(stored)) return stored;
          const fresh = await fetch();
          const values = {
            accessKeyId: fresh.accessKeyId,
            sealed: encryptSecret(ring, JSON.stringify({ secretAccessKey: fresh.secretAccessKey, sessionToken: fresh.sessionToken }), purposeOf(tenantId, roleKey)),
            accountId: fresh.accountId,
            expiresAt: fresh.expiration,
            updatedAt: new Date(),
          };
          await tx.insert(s).values({ tenantId, roleKey, ...values }).onConflictDoUpdate({ target: [s.tenantId, s.roleKey], set: values });
          return fresh;
        },
        { db },
      );
    },
  };
}

/** Drops a role's stored session (a disconnected connection). */
export async function forgetRoleSession(tx: Tx, tenantId: string, target: Pick<RoleTarget, "roleArn" | "externalId">): Promise<void> {
  await tx.delete(s).where(and(eq(s.tenantId, tenantId), eq(s.roleKey, roleKeyOf(target))));
}
