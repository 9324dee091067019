import { loadAwsConfig, type AwsConfig } from "@/lib/aws/config";

let cached: AwsConfig | undefined;

/** The web process's AWS configuration, read from the environment once. */
export function awsConfig(): AwsConfig {
  cached ??= loadAwsConfig(process.env);
  return cached;
}

/**
 * CloudFormation quick-create needs a template URL that AWS can fetch (an S3 URL in production,
 * MONITR_CFN_TEMPLATE_URL); the simulator's stand-in reads it from this workspace instead.
 */
export function cloudFormationTemplateUrl(tenantOrigin: string): string {
  return process.env.MONITR_CFN_TEMPLATE_URL || `${tenantOrigin}/api/aws/cloudformation-template`;
}
