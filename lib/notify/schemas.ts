import { z } from "zod";
import { CHANNEL_TYPES } from "@/db/tables/alerts";

/** The fields every channel has; type-specific fields are validated by the channel (channels/*.ts). */
export const ChannelBase = z.object({
  type: z.enum(CHANNEL_TYPES, { error: "Pick a channel type." }),
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(80, "Use at most 80 characters."),
});
export type ChannelBase = z.infer<typeof ChannelBase>;

export const ChannelPatch = z
  .object({
    name: z.string().trim().min(1, "Enter a name.").max(80, "Use at most 80 characters."),
    enabled: z.boolean(),
    /** Email recipients. */
    to: z.union([z.string(), z.array(z.string())]),
    /** Slack channel (bot mode). */
    channel: z.string().trim().min(1, "Enter a channel, like #alerts.").max(200),
  })
  .partial()
  .strict();
export type ChannelPatch = z.infer<typeof ChannelPatch>;

export const MarkReadInput = z.union([z.object({ all: z.literal(true) }), z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) })]);
export type MarkReadInput = z.infer<typeof MarkReadInput>;
