import { builtinRoles, staticUsers } from "./account";
import { type SimClock, createClock } from "./clock";
import { CatalogCache, createCloudWatchService } from "./cloudwatch";
import { createCostExplorerService } from "./cost-explorer";
import { CostModel, isoOfDay } from "./cost-model";
import { createEc2Service } from "./ec2";
import { createEksService } from "./eks";
import { FaultInjector, type FaultSpecInput } from "./faults";
import { CredentialAuthority } from "./identities";
import type { ServiceModule } from "./protocols";
import { RoleStore } from "./role-store";
import { DEFAULT_INSTANCE_COUNT, type Scenario, buildScenario } from "./scenario";
import { type AwsSimScenario, describeScenario } from "./scenario-description";
import { createStsService } from "./sts";
import { createTaggingService } from "./tagging";

export interface SimCoreOptions {
  seed?: number;
  scale?: { instances?: number };
  faults?: FaultSpecInput;
  /** JSON file where roles created at runtime are kept across restarts. */
  stateFile?: string;
  /** Base clock; the admin clock offset / fixed time apply on top of it. */
  now?: () => Date;
  /** Reference instant for "today" events; defaults to the start of the current hour. */
  anchor?: Date;
}

export interface SimCore {
  clock: SimClock;
  scenario: Scenario;
  description: AwsSimScenario;
  roles: RoleStore;
  authority: CredentialAuthority;
  faults: FaultInjector;
  costs: CostModel;
  /** Registry keyed by SigV4 signing name (sts, ec2, monitoring, eks, ce, tagging). */
  services: Record<string, ServiceModule>;
}

export const DEFAULT_SEED = 42;
const DAY_MS = 86_400_000;

export function createSimCore(options: SimCoreOptions = {}): SimCore {
  const seed = options.seed ?? DEFAULT_SEED;
  const clock = createClock(options.now);
  const startedAt = clock.now();
  const anchor = options.anchor ?? new Date(Math.floor(startedAt.getTime() / 3_600_000) * 3_600_000);
  const scenario = buildScenario({ seed, instances: options.scale?.instances ?? DEFAULT_INSTANCE_COUNT, anchor });
  const anchorDay = Math.floor(anchor.getTime() / DAY_MS);
  const anchorDate = new Date(anchorDay * DAY_MS);
  const costs = new CostModel({
    seed,
    // 13 months of history: from the first day of the month 13 months back.
    firstDay: new Date(Date.UTC(anchorDate.getUTCFullYear(), anchorDate.getUTCMonth() - 13, 1)).toISOString().slice(0, 10),
    spike: { date: isoOfDay(anchorDay - 20), service: "AWS Data Transfer", factor: 7 },
    fleetFactor: scenario.instances.length / DEFAULT_INSTANCE_COUNT,
  });
  const roles = new RoleStore(scenario.accountId, builtinRoles(scenario.accountId, new Date(anchor.getTime() - 90 * DAY_MS)), options.stateFile);
  const authority = new CredentialAuthority(seed, staticUsers(scenario.accountId), roles, scenario.accountId);
  const catalogs = new CatalogCache(scenario);
  const services: ServiceModule[] = [
    createStsService({ roles, authority }),
    createEc2Service(scenario),
    createCloudWatchService(catalogs),
    createEksService(scenario),
    createCostExplorerService(costs, scenario.accountId),
    createTaggingService(scenario),
  ];
  return {
    clock,
    scenario,
    description: describeScenario(scenario, costs),
    roles,
    authority,
    faults: new FaultInjector(options.faults),
    costs,
    services: Object.fromEntries(services.map((s) => [s.signingName, s])),
  };
}
