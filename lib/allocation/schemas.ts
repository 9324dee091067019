import { z } from "zod";
import { OWNER_KINDS } from "@/db/tables/allocation";
import { NotFoundError } from "@/lib/http/errors";
import { isUuid } from "@/lib/http/validate";

export const OwnerKind = z.enum(OWNER_KINDS, { error: "Choose a person, a team or a cost center." });
export type OwnerKind = z.infer<typeof OwnerKind>;

export const OwnerRef = z.object({ kind: OwnerKind, id: z.uuid({ error: "Choose an owner." }) });
export type OwnerRef = z.infer<typeof OwnerRef>;

export const ResourceRef = z.object({
  connectionId: z.uuid({ error: "Unknown AWS connection." }),
  region: z.string().trim().min(1).max(64),
  kind: z.enum(["ec2_instance", "ebs_volume", "elastic_ip", "eks_cluster", "eks_nodegroup"], { error: "Unknown resource kind." }),
  resourceId: z.string().trim().min(1).max(256),
});
export type ResourceRef = z.infer<typeof ResourceRef>;

export const AssignInput = z.object({
  resources: z.array(ResourceRef).min(1, { error: "Choose at least one resource." }).max(500, { error: "At most 500 resources at once." }),
  owner: OwnerRef,
  note: z.string().trim().max(500).optional(),
});
export type AssignInput = z.infer<typeof AssignInput>;

export const UnassignInput = z.object({
  resources: z.array(ResourceRef).min(1, { error: "Choose at least one resource." }).max(500, { error: "At most 500 resources at once." }),
});
export type UnassignInput = z.infer<typeof UnassignInput>;

export const TeamInput = z.object({ name: z.string().trim().min(1, { error: "Give the team a name." }).max(80, { error: "At most 80 characters." }) });
export type TeamInput = z.infer<typeof TeamInput>;

export const TeamMemberInput = z.object({ userId: z.uuid({ error: "Choose a member." }) });
export type TeamMemberInput = z.infer<typeof TeamMemberInput>;

export const CostCenterInput = z.object({
  code: z.string().trim().min(1, { error: "Give the cost center a code." }).max(40),
  name: z.string().trim().min(1, { error: "Give the cost center a name." }).max(80),
});
export type CostCenterInput = z.infer<typeof CostCenterInput>;

export const RuleInput = z.object({
  tagKey: z.string().trim().min(1, { error: "Enter a tag key." }).max(128),
  tagValue: z.string().trim().min(1, { error: "Enter a tag value." }).max(256),
  owner: OwnerRef,
  priority: z.coerce.number().int().min(0).max(1000).default(100),
});
export type RuleInput = z.infer<typeof RuleInput>;

export const MonthInput = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "Use a month like 2026-03." });


/** A path id: anything but a uuid is simply not found (never a database error). */
export async function pathUuid(params: Promise<Record<string, string>>, name: string, what: string): Promise<string> {
  const value = (await params)[name] ?? "";
  if (!isUuid(value)) {
    throw new NotFoundError(`No such ${what}.`);
  }
  return value;
}
