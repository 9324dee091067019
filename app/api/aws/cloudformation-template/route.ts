import { cloudFormationTemplate, getExternalId } from "@/lib/aws";
import { requireApiMember } from "@/lib/auth/guard";
import { awsConfig } from "@/lib/config/aws";
import { handler } from "@/lib/http";

/** The role template with this workspace's ExternalId as the parameter's default. */
export const GET = handler(async () => {
  const ctx = await requireApiMember();
  const body = cloudFormationTemplate({ platformAccountId: awsConfig().platformAccountId, externalId: await getExternalId(ctx) });
  return new Response(body, {
    headers: { "content-type": "application/x-yaml; charset=utf-8", "content-disposition": 'attachment; filename="monitr-readonly-role.yaml"' },
  });
});
