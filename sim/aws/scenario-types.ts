// Shapes of the simulated account's resources. Times are absolute; what is
// visible at a given moment is decided by instance-state.ts from the clock.

export interface CpuProfile {
  base: number;
  /** Relative swing of the daily cycle (0.3 = ±30 %). */
  dailyAmplitude: number;
  /** Multiplier applied on Saturdays and Sundays (UTC). */
  weekendFactor: number;
  /** Absolute noise amplitude in percentage points. */
  noise: number;
  peakHourUtc: number;
  min: number;
  max: number;
}

export interface EksMembership {
  clusterName: string;
  nodegroupName: string;
}

export interface SimInstance {
  instanceId: string;
  region: string;
  availabilityZone: string;
  instanceType: string;
  imageId: string;
  reservationId: string;
  privateIp: string;
  privateDnsName: string;
  publicIp: string | null;
  vpcId: string;
  subnetId: string;
  tags: Record<string, string>;
  launchTime: Date;
  stopTime: Date | null;
  terminateTime: Date | null;
  rootVolumeId: string;
  rootVolumeType: "gp2" | "gp3";
  rootVolumeSizeGiB: number;
  /** CloudWatch agent installed: publishes CWAgent mem_used_percent / disk_used_percent. */
  cwAgent: boolean;
  cpu: CpuProfile;
  /** Stable hash of the instance id, the noise key for its generators. */
  key: number;
  eks: EksMembership | null;
}

export type VolumeType = "gp2" | "gp3" | "st1" | "io1";

export interface SimVolume {
  volumeId: string;
  region: string;
  availabilityZone: string;
  sizeGiB: number;
  volumeType: VolumeType;
  iops: number | null;
  throughput: number | null;
  createTime: Date;
  attachment: { instanceId: string; device: string; deleteOnTermination: boolean } | null;
  tags: Record<string, string>;
}

export interface SimAddress {
  allocationId: string;
  publicIp: string;
  region: string;
  instanceId: string | null;
  associationId: string | null;
  privateIp: string | null;
  tags: Record<string, string>;
}

export interface SimNodegroup {
  nodegroupName: string;
  clusterName: string;
  arn: string;
  instanceType: string;
  capacityType: "ON_DEMAND" | "SPOT";
  desiredSize: number;
  minSize: number;
  maxSize: number;
  amiType: string;
  createdAt: Date;
  instanceIds: string[];
  subnetIds: string[];
  labels: Record<string, string>;
}

export interface SimPod {
  clusterName: string;
  namespace: string;
  podName: string;
  nodeName: string;
  /** Start of CrashLoopBackOff; null for healthy pods. */
  crashLoopSince: Date | null;
  cpu: CpuProfile;
  key: number;
}

export interface SimCluster {
  name: string;
  region: string;
  arn: string;
  version: string;
  platformVersion: string;
  createdAt: Date;
  endpoint: string;
  roleArn: string;
  vpcId: string;
  subnetIds: string[];
  nodegroups: SimNodegroup[];
  pods: SimPod[];
  tags: Record<string, string>;
}
