import type { AwsConfig } from "./config";

/** What Monitr reads, and nothing else; the permission probes of testConnection check these. */
export const READ_ONLY_ACTIONS = [
  "cloudwatch:GetMetricData",
  "cloudwatch:ListMetrics",
  "ec2:Describe*",
  "eks:List*",
  "eks:Describe*",
  "ce:GetCostAndUsage",
  "ce:GetCostForecast",
  "tag:GetResources",
] as const;

export const STACK_NAME = "MonitrReadOnly";

/**
 * The CloudFormation template customers deploy: a role trusting Monitr's account, only with their
 * ExternalId. With `externalId` it is that workspace's download (the parameter defaults to it);
 * without, it is the generic template published to S3 for quick-create links, which pass the
 * ExternalId as a parameter (`npm run cfn-template`). The role's name is left to CloudFormation,
 * so several workspaces (or a reconnect) can each have a stack in the same AWS account.
 */
export function cloudFormationTemplate({ platformAccountId, externalId }: { platformAccountId: string; externalId?: string }): string {
  const actions = READ_ONLY_ACTIONS.map((a) => `              - "${a}"`).join("\n");
  const defaultLine = externalId ? `\n    Default: "${externalId}"` : "";
  return `AWSTemplateFormatVersion: "2010-09-09"
Description: Read-only role that lets Monitr collect inventory, CloudWatch metrics and Cost Explorer costs.
Parameters:
  ExternalId:
    Type: String${defaultLine}
    Description: Your Monitr workspace's ExternalId. Keep it exactly as given.
    MinLength: 2
Resources:
  MonitrRole:
    Type: AWS::IAM::Role
    Properties:
      MaxSessionDuration: 3600
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: "arn:aws:iam::${platformAccountId}:root"
            Action: "sts:AssumeRole"
            Condition:
              StringEquals:
                "sts:ExternalId": !Ref ExternalId
      Policies:
        - PolicyName: MonitrReadOnly
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
${actions}
                Resource: "*"
Outputs:
  RoleArn:
    Description: Paste this ARN into Monitr.
    Value: !GetAtt MonitrRole.Arn
`;
}

/**
 * The console's quick-create link: the template URL and the ExternalId as a parameter. In demo
 * mode the link goes to the simulator's CloudFormation stand-in instead.
 */
export function quickCreateUrl({ aws, templateUrl, externalId, region }: { aws: AwsConfig; templateUrl: string; externalId: string; region?: string }): string {
  const simulator = aws.demo ? (aws.endpoints.sts ?? aws.endpoints.ec2) : undefined;
  // Stack names are unique per account and region: one per workspace, so two workspaces (or the
  // demo's shared simulated account) never collide.
  const stackName = `${STACK_NAME}-${externalId.slice(-8)}`;
  const params = new URLSearchParams({ templateURL: templateUrl, stackName, param_ExternalId: externalId });
  if (simulator) return `${simulator.replace(/\/$/, "")}/cloudformation/quick-create?${params}`;
  const r = encodeURIComponent(region ?? aws.homeRegion);
  return `https://console.aws.amazon.com/cloudformation/home?region=${r}#/stacks/quickcreate?${params}`;
}
