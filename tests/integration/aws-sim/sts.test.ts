import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsSim, assumeSimRole, awsSimClientConfig, startAwsSim } from "../../../sim/aws/index";
import { adminConfig, expectAwsError } from "./helpers";

describe("aws-sim STS", () => {
  let sim: AwsSim;
  let sts: STSClient;

  beforeAll(async () => {
    sim = await startAwsSim({ port: 0 });
    sts = new STSClient(awsSimClientConfig(sim));
  });
  afterAll(async () => {
    sts.destroy();
    await sim.close();
  });

  it("identifies the platform user", async () => {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe("111111111111");
    expect(identity.Arn).toBe("arn:aws:iam::111111111111:user/monitr");
    expect(identity.UserId).toMatch(/^AIDA/);
  });

  it("assumes MonitrReadOnly with the right ExternalId and honours DurationSeconds", async () => {
    const role = sim.scenario.roles.readOnly;
    const before = sim.now().getTime();
    const result = await sts.send(
      new AssumeRoleCommand({ RoleArn: role.roleArn, ExternalId: role.externalId, RoleSessionName: "tenant-42", DurationSeconds: 900 }),
    );
    expect(result.AssumedRoleUser?.Arn).toBe("arn:aws:sts::123456789012:assumed-role/MonitrReadOnly/tenant-42");
    expect(result.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const expiry = result.Credentials?.Expiration?.getTime() ?? 0;
    expect(expiry).toBeGreaterThanOrEqual(before + 899_000);
    expect(expiry).toBeLessThanOrEqual(before + 901_000);

    const assumed = new STSClient(awsSimClientConfig(sim, {
      credentials: {
        accessKeyId: result.Credentials?.AccessKeyId ?? "",
        secretAccessKey: result.Credentials?.SecretAccessKey ?? "",
        sessionToken: result.Credentials?.SessionToken ?? "",
      },
    }));
    const identity = await assumed.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe("123456789012");
    expect(identity.Arn).toBe("arn:aws:sts::123456789012:assumed-role/MonitrReadOnly/tenant-42");
    expect(identity.UserId).toMatch(/^AROA[0-9A-F]+:tenant-42$/);
  });

  it("defaults to one-hour sessions", async () => {
    const role = sim.scenario.roles.readOnly;
    const credentials = await assumeSimRole(sim, { roleArn: role.roleArn, externalId: role.externalId });
    const lifetime = credentials.expiration.getTime() - sim.now().getTime();
    expect(lifetime).toBeGreaterThan(3_590_000);
    expect(lifetime).toBeLessThanOrEqual(3_600_000);
  });

  it("denies a wrong ExternalId, an unknown role and an untrusted account with AWS's wording", async () => {
    const role = sim.scenario.roles.readOnly;
    const wrong = await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: role.roleArn, ExternalId: "not-the-id", RoleSessionName: "s1" })),
      "AccessDenied",
      403,
    );
    expect(wrong.message).toBe(`User: arn:aws:iam::111111111111:user/monitr is not authorized to perform: sts:AssumeRole on resource: ${role.roleArn}`);
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: "s1" })), "AccessDenied", 403);
    const unknownArn = "arn:aws:iam::123456789012:role/DoesNotExist";
    const unknown = await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: unknownArn, ExternalId: role.externalId, RoleSessionName: "s1" })),
      "AccessDenied",
      403,
    );
    expect(unknown.message).toContain(`on resource: ${unknownArn}`);
    const { accessKeyId, secretAccessKey } = sim.scenario.outsider;
    const outsider = new STSClient(awsSimClientConfig(sim, { credentials: { accessKeyId, secretAccessKey } }));
    const denied = await expectAwsError(
      outsider.send(new AssumeRoleCommand({ RoleArn: role.roleArn, ExternalId: role.externalId, RoleSessionName: "s1" })),
      "AccessDenied",
      403,
    );
    expect(denied.message).toContain("User: arn:aws:iam::999999999999:user/outsider is not authorized");
  });

  it("rejects DurationSeconds outside 900..43200", async () => {
    const role = sim.scenario.roles.readOnly;
    const error = await expectAwsError(
      sts.send(new AssumeRoleCommand({ RoleArn: role.roleArn, ExternalId: role.externalId, RoleSessionName: "s1", DurationSeconds: 600 })),
      "ValidationError",
      400,
    );
    expect(error.message).toContain("greater than or equal to 900");
  });

  it("expires temporary credentials on the simulator clock", async () => {
    const role = sim.scenario.roles.readOnly;
    const credentials = await assumeSimRole(sim, { roleArn: role.roleArn, externalId: role.externalId, durationSeconds: 900 });
    const client = new STSClient(awsSimClientConfig(sim, { credentials }));
    await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: "123456789012" });
    sim.setClock({ advanceMs: 901_000 });
    try {
      const error = await expectAwsError(client.send(new GetCallerIdentityCommand({})), "ExpiredToken", 403);
      expect(error.message).toBe("The security token included in the request is expired");
    } finally {
      sim.resetClock();
    }
  });

  it("rejects unknown keys, wrong secrets and forged session tokens", async () => {
    const unknown = new STSClient(awsSimClientConfig(sim, { credentials: { accessKeyId: "AKIAUNKNOWNKEY000001", secretAccessKey: "x".repeat(40) } }));
    await expectAwsError(unknown.send(new GetCallerIdentityCommand({})), "InvalidClientTokenId", 403);
    const wrongSecret = new STSClient(awsSimClientConfig(sim, {
      credentials: { accessKeyId: sim.scenario.platform.accessKeyId, secretAccessKey: "WrongSecretWrongSecretWrongSecretWrong00" },
    }));
    const mismatch = await expectAwsError(wrongSecret.send(new GetCallerIdentityCommand({})), "SignatureDoesNotMatch", 403);
    expect(mismatch.message).toContain("does not match the signature you provided");
    const role = sim.scenario.roles.readOnly;
    const credentials = await assumeSimRole(sim, { roleArn: role.roleArn, externalId: role.externalId });
    const forged = new STSClient(awsSimClientConfig(sim, { credentials: { ...credentials, sessionToken: `${credentials.sessionToken}x` } }));
    await expectAwsError(forged.send(new GetCallerIdentityCommand({})), "InvalidClientTokenId", 403);
  });

  it("accepts temporary credentials after a restart with the same seed", async () => {
    const role = sim.scenario.roles.readOnly;
    const credentials = await assumeSimRole(sim, { roleArn: role.roleArn, externalId: role.externalId });
    const second = await startAwsSim({ port: 0 });
    try {
      const client = new STSClient(awsSimClientConfig(second, { credentials }));
      const identity = await client.send(new GetCallerIdentityCommand({}));
      expect(identity.Arn).toContain("assumed-role/MonitrReadOnly/");
    } finally {
      await second.close();
    }
  });

  it("lets the account admin call STS directly", async () => {
    const identity = await new STSClient(adminConfig(sim)).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe("arn:aws:iam::123456789012:user/sim-admin");
  });
});
