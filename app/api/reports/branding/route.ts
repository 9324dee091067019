import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { reportsApi } from "@/lib/reports";

/** The workspace logo image (404 when none). */
export const GET = handler(async () => reportsApi.logo(await requireApiMember()));

/** Uploads the logo (multipart field `logo`, PNG or JPEG ≤ 512 KB); admins and owners. */
export const POST = handler(async (request: Request) => reportsApi.uploadLogo(await requireApiMember(), request));

export const DELETE = handler(async () => reportsApi.removeLogo(await requireApiMember()));
