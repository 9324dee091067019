import { z } from "zod";

/** arn:aws:iam::<12 digits>:role/<optional path/>name — IAM's own character set for paths and names. */
export const ROLE_ARN_PATTERN = /^arn:aws:iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;
export const ROLE_ARN_MESSAGE = "Paste the role's ARN, like arn:aws:iam::123456789012:role/MonitrReadOnly.";

export const RoleArn = z.string().trim().regex(ROLE_ARN_PATTERN, ROLE_ARN_MESSAGE);

export const CreateConnectionInput = z.object({
  roleArn: RoleArn,
  name: z.string().trim().min(1).max(100).optional(),
});
export type CreateConnectionInput = z.infer<typeof CreateConnectionInput>;

const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "Not an AWS region name.");
const TagKey = z.string().trim().min(1).max(128);

export const UpdateConnectionInput = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  regions: z.array(Region).min(1, "Monitor at least one region.").max(40).optional(),
  metricsIntervalSeconds: z.coerce.number().pipe(z.union([z.literal(60), z.literal(300)])).optional(),
  costTagKeys: z.array(TagKey).max(10).optional(),
});
export type UpdateConnectionInput = z.infer<typeof UpdateConnectionInput>;
