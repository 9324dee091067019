import { type InstanceStateName, STATE_CODES } from "./instance-state";
import type { SimAddress, SimInstance, SimVolume } from "./scenario-types";
import { ec2Tags, itemSet, tag, textTag } from "./xml";

const VCPUS: Record<string, number> = { micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, "2xlarge": 8 };

function iso(date: Date): string {
  return date.toISOString();
}

export function instanceXml(instance: SimInstance, state: InstanceStateName): string {
  const gone = state === "terminated" || state === "shutting-down";
  const stoppedAt = instance.stopTime ?? instance.terminateTime;
  const size = instance.instanceType.split(".")[1] ?? "large";
  const vcpus = VCPUS[size] ?? 2;
  const reason =
    (state === "stopped" || state === "stopping" || gone) && stoppedAt
      ? `User initiated (${stoppedAt.toISOString().replace("T", " ").slice(0, 19)} GMT)`
      : "";
  return (
    textTag("instanceId", instance.instanceId) +
    textTag("imageId", instance.imageId) +
    tag("instanceState", textTag("code", STATE_CODES[state]) + textTag("name", state)) +
    textTag("privateDnsName", gone ? "" : instance.privateDnsName) +
    textTag("dnsName", state === "running" && instance.publicIp ? `ec2-${instance.publicIp.replaceAll(".", "-")}.compute-1.amazonaws.com` : "") +
    textTag("reason", reason) +
    textTag("amiLaunchIndex", 0) +
    "<productCodes/>" +
    textTag("instanceType", instance.instanceType) +
    textTag("launchTime", iso(instance.launchTime)) +
    tag("placement", textTag("availabilityZone", instance.availabilityZone) + "<groupName/>" + textTag("tenancy", "default")) +
    tag("monitoring", textTag("state", "disabled")) +
    (gone
      ? ""
      : textTag("subnetId", instance.subnetId) +
        textTag("vpcId", instance.vpcId) +
        textTag("privateIpAddress", instance.privateIp) +
        (state === "running" && instance.publicIp ? textTag("ipAddress", instance.publicIp) : "")) +
    textTag("sourceDestCheck", true) +
    itemSet("groupSet", gone ? [] : [instance.vpcId], () => textTag("groupId", "sg-0123456789abcdef0") + textTag("groupName", "default")) +
    (reason ? tag("stateReason", textTag("code", "Client.UserInitiatedShutdown") + textTag("message", "Client.UserInitiatedShutdown: User initiated shutdown")) : "") +
    textTag("architecture", instance.instanceType.includes("g.") ? "arm64" : "x86_64") +
    textTag("rootDeviceType", "ebs") +
    textTag("rootDeviceName", "/dev/xvda") +
    itemSet("blockDeviceMapping", gone ? [] : [instance], (i) =>
      textTag("deviceName", "/dev/xvda") +
      tag(
        "ebs",
        textTag("volumeId", i.rootVolumeId) + textTag("status", "attached") + textTag("attachTime", iso(i.launchTime)) + textTag("deleteOnTermination", true),
      ),
    ) +
    textTag("virtualizationType", "hvm") +
    ec2Tags(instance.tags) +
    textTag("hypervisor", "xen") +
    textTag("ebsOptimized", !instance.instanceType.startsWith("t2")) +
    textTag("enaSupport", !/^(t2|m4|c4|r4)\./.test(instance.instanceType)) +
    tag("cpuOptions", textTag("coreCount", Math.max(1, vcpus / 2)) + textTag("threadsPerCore", vcpus > 1 ? 2 : 1)) +
    textTag("platformDetails", "Linux/UNIX") +
    textTag("usageOperation", "RunInstances") +
    textTag("stateTransitionReason", reason)
  );
}

export interface ReservationGroup {
  reservationId: string;
  ownerId: string;
  instances: Array<{ instance: SimInstance; state: InstanceStateName }>;
}

export function reservationXml(group: ReservationGroup): string {
  return (
    textTag("reservationId", group.reservationId) +
    textTag("ownerId", group.ownerId) +
    "<groupSet/>" +
    itemSet("instancesSet", group.instances, ({ instance, state }) => instanceXml(instance, state))
  );
}

export function volumeXml(volume: SimVolume, attachedInstanceLaunch: Date | null): string {
  const attachment = volume.attachment;
  return (
    textTag("volumeId", volume.volumeId) +
    textTag("size", volume.sizeGiB) +
    "<snapshotId/>" +
    textTag("availabilityZone", volume.availabilityZone) +
    textTag("status", attachment ? "in-use" : "available") +
    textTag("createTime", iso(volume.createTime)) +
    itemSet("attachmentSet", attachment ? [attachment] : [], (a) =>
      textTag("volumeId", volume.volumeId) +
      textTag("instanceId", a.instanceId) +
      textTag("device", a.device) +
      textTag("status", "attached") +
      textTag("attachTime", iso(attachedInstanceLaunch ?? volume.createTime)) +
      textTag("deleteOnTermination", a.deleteOnTermination),
    ) +
    (Object.keys(volume.tags).length ? ec2Tags(volume.tags) : "") +
    textTag("volumeType", volume.volumeType) +
    textTag("iops", volume.iops) +
    textTag("throughput", volume.throughput) +
    textTag("encrypted", false) +
    textTag("multiAttachEnabled", false)
  );
}

export function addressXml(address: SimAddress, accountId: string): string {
  return (
    textTag("publicIp", address.publicIp) +
    textTag("allocationId", address.allocationId) +
    textTag("domain", "vpc") +
    textTag("instanceId", address.instanceId) +
    textTag("associationId", address.associationId) +
    (address.instanceId ? textTag("networkInterfaceId", `eni-${address.allocationId.slice(9)}`) + textTag("networkInterfaceOwnerId", accountId) : "") +
    textTag("privateIpAddress", address.privateIp) +
    ec2Tags(address.tags) +
    textTag("publicIpv4Pool", "amazon") +
    textTag("networkBorderGroup", address.region)
  );
}
