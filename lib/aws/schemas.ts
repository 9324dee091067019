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

export const MAX_COST_TAG_KEYS = 10;
/** AWS's tag key alphabet: letters, numbers, spaces and _ . : / = + - @, at most 128 characters. */
const TAG_KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;

function tagKeyProblem(key: string): string | null {
  if (key.length === 0) return "A tag key cannot be empty.";
  if (key.length > 128) return `"${key.slice(0, 20)}…" is longer than AWS's 128 characters for a tag key.`;
  if (!TAG_KEY_PATTERN.test(key)) return `"${key}" is not a tag key: AWS allows letters, numbers, spaces and _ . : / = + - @.`;
  return null;
}

/**
 * The tag keys Cost Explorer groups costs by. Problems are reported on the list itself, naming
 * the key, so a form showing one field can show them; duplicates are dropped.
 */
export const CostTagKeys = z
  .array(z.string().trim())
  .superRefine((keys, ctx) => {
    const problem = keys.map(tagKeyProblem).find((p) => p !== null);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
    else if (new Set(keys).size > MAX_COST_TAG_KEYS) ctx.addIssue({ code: "custom", message: `Choose at most ${MAX_COST_TAG_KEYS} tag keys.` });
  })
  .transform((keys) => [...new Set(keys)]);

export const UpdateConnectionInput = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  regions: z.array(Region).min(1, "Monitor at least one region.").max(40).optional(),
  metricsIntervalSeconds: z.coerce.number().pipe(z.union([z.literal(60), z.literal(300)])).optional(),
  costTagKeys: CostTagKeys.optional(),
});
export type UpdateConnectionInput = z.infer<typeof UpdateConnectionInput>;
