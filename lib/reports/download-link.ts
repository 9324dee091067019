import crypto from "node:crypto";

/*
 * Signed, expiring download links for scheduled reports too large to attach: HMAC-SHA256 over
 * (tenant, file, expiry) with the server's link secret (config.ts). A link works without signing
 * in, only on its own tenant's host, and only until it expires (the file's own expiry).
 */
export type SignedDownload = { tenantId: string; fileId: string; expires: number };

function mac(secret: Buffer, d: SignedDownload): Buffer {
  return crypto.createHmac("sha256", secret).update(`report-download\n${d.tenantId}\n${d.fileId}\n${d.expires}`).digest();
}

export function signDownload(secret: Buffer, d: SignedDownload): string {
  return mac(secret, d).toString("base64url");
}

export function verifyDownload(secret: Buffer, d: SignedDownload & { signature: string }, now: Date = new Date()): boolean {
  if (!Number.isSafeInteger(d.expires) || d.expires * 1000 <= now.getTime()) return false;
  const given = Buffer.from(d.signature, "base64url");
  const wanted = mac(secret, d);
  return given.length === wanted.length && crypto.timingSafeEqual(given, wanted);
}

/** The absolute link put in an email. */
export function signedDownloadUrl(args: { origin: string; secret: Buffer; tenantId: string; fileId: string; expiresAt: Date }): string {
  const expires = Math.floor(args.expiresAt.getTime() / 1000);
  const signature = signDownload(args.secret, { tenantId: args.tenantId, fileId: args.fileId, expires });
  return `${args.origin}/api/reports/files/${args.fileId}/download?${new URLSearchParams({ expires: String(expires), signature })}`;
}
