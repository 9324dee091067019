import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { signDownload, signedDownloadUrl, verifyDownload } from "@/lib/reports/download-link";
import { sniffLogoType } from "@/lib/reports/branding";

const secret = crypto.randomBytes(32);
const tenantId = crypto.randomUUID();
const fileId = crypto.randomUUID();

describe("signed download links", () => {
  const expires = Math.floor(Date.now() / 1000) + 3600;
  const signature = signDownload(secret, { tenantId, fileId, expires });

  it("accepts its own signature until it expires", () => {
    expect(verifyDownload(secret, { tenantId, fileId, expires, signature })).toBe(true);
    expect(verifyDownload(secret, { tenantId, fileId, expires, signature }, new Date((expires + 1) * 1000))).toBe(false);
  });

  it("refuses another file, tenant, expiry or secret", () => {
    expect(verifyDownload(secret, { tenantId, fileId: crypto.randomUUID(), expires, signature })).toBe(false);
    expect(verifyDownload(secret, { tenantId: crypto.randomUUID(), fileId, expires, signature })).toBe(false);
    expect(verifyDownload(secret, { tenantId, fileId, expires: expires + 3600, signature })).toBe(false);
    expect(verifyDownload(crypto.randomBytes(32), { tenantId, fileId, expires, signature })).toBe(false);
    expect(verifyDownload(secret, { tenantId, fileId, expires, signature: "" })).toBe(false);
  });

  it("builds the link on the tenant's origin", () => {
    const url = new URL(signedDownloadUrl({ origin: "https://acme.monitr.app", secret, tenantId, fileId, expiresAt: new Date(expires * 1000) }));
    expect(url.origin).toBe("https://acme.monitr.app");
    expect(url.pathname).toBe(`/api/reports/files/${fileId}/download`);
    expect(verifyDownload(secret, { tenantId, fileId, expires: Number(url.searchParams.get("expires")), signature: url.searchParams.get("signature") ?? "" })).toBe(true);
  });
});

describe("logo types", () => {
  it("trusts the bytes, not the name", () => {
    expect(sniffLogoType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(sniffLogoType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffLogoType(Buffer.from("<svg></svg>"))).toBeNull();
  });
});
