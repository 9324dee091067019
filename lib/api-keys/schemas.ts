import { z } from "zod";
import { API_KEY_SCOPES } from "@/db/tables/ops";

export const ApiKeyScope = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

export const CreateApiKeyInput = z.object({
  name: z.string({ error: "Name the key." }).trim().min(1, "Name the key.").max(80, "Use at most 80 characters."),
  scope: ApiKeyScope.default("read"),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;
