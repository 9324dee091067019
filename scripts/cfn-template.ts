import { cloudFormationTemplate } from "@/lib/aws";
import { loadAwsConfig } from "@/lib/aws/config";

/*
 * npm run cfn-template [> monitr-role.yaml]   The generic role template (no workspace's ExternalId
 * in it) for MONITR_CFN_TEMPLATE_URL: upload it to S3 — CloudFormation quick-create links only
 * take S3 URLs — and point the variable at it. Uses MONITR_AWS_ACCOUNT_ID as the trusted account.
 */
process.stdout.write(cloudFormationTemplate({ platformAccountId: loadAwsConfig(process.env).platformAccountId }));
