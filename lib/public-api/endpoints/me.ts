import { z } from "zod";
import { defineEndpoint } from "../registry";

export const getMe = defineEndpoint({
  operationId: "getMe",
  method: "GET",
  path: "/me",
  tag: "Keys",
  summary: "The workspace and key making the request",
  description: "Useful to check a key: its prefix, scope and the role it acts with.",
  scope: "read",
  response: z.object({
    workspace: z.object({ slug: z.string(), name: z.string(), plan: z.enum(["free", "pro"]) }),
    key: z.object({ prefix: z.string(), scope: z.enum(["read", "write"]), role: z.enum(["owner", "admin", "member", "viewer"]) }),
  }),
  async handle({ ctx }) {
    return {
      workspace: { slug: ctx.tenant.slug, name: ctx.tenant.name, plan: ctx.tenant.plan },
      key: { prefix: ctx.apiKey.prefix, scope: ctx.apiKey.scope, role: ctx.actor.role },
    };
  },
});
