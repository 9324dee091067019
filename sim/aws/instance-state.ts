import type { SimInstance, SimVolume } from "./scenario-types";

export type InstanceStateName = "pending" | "running" | "stopping" | "stopped" | "shutting-down" | "terminated";

export const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

const TRANSITION_MS = 60_000;
// EC2 keeps terminated instances in DescribeInstances for about an hour.
const TERMINATED_VISIBLE_MS = 3_600_000;

/** The instance's state at time t, or null when it does not exist (yet / any more). */
export function instanceStateAt(instance: SimInstance, t: number): InstanceStateName | null {
  const launch = instance.launchTime.getTime();
  if (t < launch) return null;
  if (instance.terminateTime && t >= instance.terminateTime.getTime()) {
    const since = t - instance.terminateTime.getTime();
    if (since >= TERMINATED_VISIBLE_MS) return null;
    return since < TRANSITION_MS ? "shutting-down" : "terminated";
  }
  if (instance.stopTime && t >= instance.stopTime.getTime()) {
    return t - instance.stopTime.getTime() < TRANSITION_MS ? "stopping" : "stopped";
  }
  return t - launch < TRANSITION_MS ? "pending" : "running";
}

/** Interval [from, until) during which the instance runs and publishes metrics. */
export function runningInterval(instance: SimInstance): { from: number; until: number | null } {
  const ends = [instance.stopTime, instance.terminateTime].filter((d): d is Date => d !== null);
  return {
    from: instance.launchTime.getTime() + TRANSITION_MS,
    until: ends.length ? Math.min(...ends.map((d) => d.getTime())) : null,
  };
}

/** Whether the volume exists at t: root volumes are deleted with their terminated instance. */
export function volumeExistsAt(volume: SimVolume, owner: SimInstance | undefined, t: number): boolean {
  if (t < volume.createTime.getTime()) return false;
  if (owner?.terminateTime && volume.attachment?.deleteOnTermination) {
    return t < owner.terminateTime.getTime() + TRANSITION_MS;
  }
  return true;
}
