export { PLANS, formatLimit, type Plan, type PlanId, type PlanLimits } from "./plans";
