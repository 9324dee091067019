import { ButtonLink, EmptyState } from "@/components/ui";

/** Every data page's empty state until the workspace has an AWS connection. */
export function ConnectAwsEmptyState({ what }: { what: string }) {
  return (
    <EmptyState title="Connect your AWS account" action={<ButtonLink href="/settings/aws">Connect your AWS account</ButtonLink>}>
      {what} appear here once Monitr can read your AWS account. Connecting takes a minute: paste a read-only IAM role ARN, or create the role with one CloudFormation click.
    </EmptyState>
  );
}
