// IAM-style action matching: "ec2:Describe*" allows ec2:DescribeInstances.
// Action names are case-insensitive in IAM.

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

const cache = new Map<string, RegExp>();

export function actionMatches(pattern: string, action: string): boolean {
  let regExp = cache.get(pattern);
  if (!regExp) {
    regExp = patternToRegExp(pattern);
    cache.set(pattern, regExp);
  }
  return regExp.test(action);
}

export function matchesAny(patterns: readonly string[], action: string): boolean {
  return patterns.some((pattern) => actionMatches(pattern, action));
}

/** Read permissions Monitr asks customers to grant (its CloudFormation template). */
export const READ_ONLY_ACTIONS = [
  "ec2:Describe*",
  "cloudwatch:GetMetricData",
  "cloudwatch:GetMetricStatistics",
  "cloudwatch:ListMetrics",
  "cloudwatch:Describe*",
  "eks:List*",
  "eks:Describe*",
  "ce:GetCostAndUsage",
  "ce:GetCostForecast",
  "ce:GetDimensionValues",
  "ce:GetTags",
  "ce:Describe*",
  "ce:List*",
  "tag:GetResources",
];
