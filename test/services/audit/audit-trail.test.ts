import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toJsonString } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { AuditService, ListAuditRecordsResponseSchema, type AuditRecord, type WatchAuditRecordsResponse } from "../../../gen/kargo/api/v1/audit_service_pb.js";
import { ConfigMapService } from "../../../gen/kargo/api/v1/config_map_service_pb.js";
import { CredentialsService } from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { StageService } from "../../../gen/kargo/api/v1/stage_service_pb.js";
import { WatchEventType } from "../../../gen/kargo/api/v1/watch_pb.js";
import { captureLogs } from "../../support/capture-logs.js";
import { startKargoStack, type KargoStack } from "../../support/use-kargo-stack.js";
import { foreignProjectAdminToken } from "../common/foreign-caller.js";
import { codeOf, errorOf } from "../common/fixtures.js";
import { readWatch } from "../common/watch-reader.js";

// A value that must never reach the trail, a response or a log line.
const CANARY = "canary-secret-7f3a9c1e-do-not-record";
const CANARY_2 = "canary-secret-2b8d4e6f-do-not-record";
const project = "audited";
const other = "bystander";

/** The fields a test compares: who did what to which object, with which outcome. */
const summary = (r: AuditRecord) => `${r.actor} ${r.rpc.replace("kargo.api.v1.", "")} ${r.object?.kind}/${r.object?.name} ${r.code}`;

describe("the audit trail (AuditService)", () => {
  const logs = captureLogs("debug");
  let dataDir = "";
  let stack: KargoStack;
  let user = ""; // the second user: an API token of project `audited`'s kargo-admin role
  let userActor = "";
  const audit = (token?: string) => stack.client(AuditService, token);
  const list = async (token?: string) => (await audit(token).listAuditRecords({ project, pageSize: 1000 })).records;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "kargo-audit-"));
    stack = await startKargoStack({ dataDir, logger: logs.logger, env: { LOG_LEVEL: "debug" } });
    await foreignProjectAdminToken(stack, other);
    user = await foreignProjectAdminToken(stack, project);
    userActor = `serviceaccount:${project}:kargo-admin`;
  });
  afterAll(async () => {
    await stack?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("records a sequence of writes by two users in order, with actor, RPC, object and outcome", async () => {
    const credentials = (token?: string) => stack.client(CredentialsService, token);
    const configMaps = (token?: string) => stack.client(ConfigMapService, token);
    const before = (await list()).length;
    await credentials().createGenericCredentials({ project, name: "api-key", data: { token: CANARY } });
    await credentials(user).updateGenericCredentials({ project, name: "api-key", data: { token: CANARY_2 } });
    await configMaps(user).createConfigMap({ project, name: "settings", data: { colour: "blue" } });
    // Refused writes are recorded with their code: the user is no admin of the other project.
    expect(await codeOf(configMaps(user).createConfigMap({ project: other, name: "intrusion", data: { x: "y" } }))).toBe(Code.PermissionDenied);
    expect(await codeOf(stack.client(StageService).deleteStage({ project, name: "absent" }))).toBe(Code.NotFound);
    await configMaps().deleteConfigMap({ project, name: "settings" });
    // Reads are not recorded.
    await credentials().listGenericCredentials({ project });

    const records = await list();
    expect(records.slice(0, records.length - before).map(summary)).toEqual([
      "admin ConfigMapService/DeleteConfigMap ConfigMap/settings ok",
      "admin StageService/DeleteStage Stage/absent not_found",
      `${userActor} ConfigMapService/CreateConfigMap ConfigMap/settings ok`,
      `${userActor} CredentialsService/UpdateGenericCredentials Secret/api-key ok`,
      "admin CredentialsService/CreateGenericCredentials Secret/api-key ok",
    ]);
    expect(records.every((r) => r.object?.namespace === project)).toBe(true);
    const ids = records.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const times = records.map((r) => Number(r.time!.seconds));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // The refused write is in the other project's trail.
    const intrusion = (await audit().listAuditRecords({ project: other })).records[0]!;
    expect(summary(intrusion)).toBe(`${userActor} ConfigMapService/CreateConfigMap ConfigMap/intrusion permission_denied`);
  });

  it("records one record per object of a ResourceService manifest, with that object's outcome", async () => {
    const yaml = [
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-manifest\n  namespace: ${project}\ndata:\n  token: ${CANARY}\n`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: elsewhere\n  namespace: no-such-project\ndata:\n  a: b\n`,
    ].join("---\n");
    await stack.client(ResourceService).createResource({ manifest: new TextEncoder().encode(yaml) });
    const [latest] = await list();
    expect(summary(latest!)).toBe("admin ResourceService/CreateResource ConfigMap/from-manifest ok");
    const failed = (await audit().listAuditRecords({ project: "no-such-project" })).records.map(summary);
    expect(failed).toEqual([expect.stringMatching(/^admin ResourceService\/CreateResource ConfigMap\/elsewhere (?!ok)\w+$/)]);
  });

  it("pages newest first with tokens that survive new records", async () => {
    const all = await list();
    const first = await audit().listAuditRecords({ project, pageSize: 2 });
    expect(first.records.map((r) => r.id)).toEqual(all.slice(0, 2).map((r) => r.id));
    expect(first.totalSize).toBe(all.length);
    await stack.client(ConfigMapService).createConfigMap({ project, name: "meanwhile", data: { a: "b" } });
    const second = await audit().listAuditRecords({ project, pageSize: 2, pageToken: first.nextPageToken });
    expect(second.records.map((r) => r.id)).toEqual(all.slice(2, 4).map((r) => r.id));
    expect((await errorOf(audit().listAuditRecords({ project: other, pageToken: first.nextPageToken }))).code).toBe(Code.InvalidArgument);
    expect((await errorOf(audit().listAuditRecords({ project, pageToken: "nonsense" }))).code).toBe(Code.InvalidArgument);
    expect((await errorOf(audit().listAuditRecords({ project, pageSize: -1 }))).code).toBe(Code.InvalidArgument);
  });

  it("is INVALID_ARGUMENT without a project, NOT_FOUND for an unknown one, PERMISSION_DENIED for another project's admin", async () => {
    expect((await errorOf(audit().listAuditRecords({ project: "" }))).code).toBe(Code.InvalidArgument);
    expect((await errorOf(audit().listAuditRecords({ project: "nowhere" }))).code).toBe(Code.NotFound);
    const outsider = await foreignProjectAdminToken(stack, "outside");
    expect(await codeOf(audit(outsider).listAuditRecords({ project }))).toBe(Code.PermissionDenied);
    expect(await codeOf(readWatch<WatchAuditRecordsResponse>((signal) => audit(outsider).watchAuditRecords({ project }, { signal })).next())).toBe(
      Code.PermissionDenied,
    );
    // The project's own admin (the second user) may read it.
    expect((await list(user)).length).toBeGreaterThan(0);
  });

  it("watches new records, and resumes after a record id", async () => {
    const watch = readWatch<WatchAuditRecordsResponse>((signal) => audit().watchAuditRecords({ project }, { signal }));
    try {
      const start = await watch.next();
      expect(start.type).toBe(WatchEventType.BOOKMARK);
      await stack.client(ConfigMapService).createConfigMap({ project, name: "watched", data: { a: "b" } });
      const added = await watch.next();
      expect(added.type).toBe(WatchEventType.ADDED);
      expect(summary(added.record!)).toBe("admin ConfigMapService/CreateConfigMap ConfigMap/watched ok");
      expect(added.resourceVersion).toBe(added.record!.id);
    } finally {
      watch.close();
    }
    const all = await list();
    const resumed = readWatch<WatchAuditRecordsResponse>((signal) => audit().watchAuditRecords({ project, resourceVersion: all[2]!.id }, { signal }));
    try {
      expect([(await resumed.next()).record!.id, (await resumed.next()).record!.id]).toEqual([all[1]!.id, all[0]!.id]);
    } finally {
      resumed.close();
    }
    expect(await codeOf(readWatch((signal) => audit().watchAuditRecords({ project, resourceVersion: "99999999" }, { signal })).next())).toBe(Code.OutOfRange);
    expect(await codeOf(readWatch((signal) => audit().watchAuditRecords({ project, resourceVersion: "x1" }, { signal })).next())).toBe(Code.InvalidArgument);
  });

  it("survives a restart: the same records, and a watch resumes across it", async () => {
    const before = await list();
    await stack.close();
    stack = await startKargoStack({ dataDir, logger: logs.logger, env: { LOG_LEVEL: "debug" } });
    expect((await list()).map(summary)).toEqual(before.map(summary));
    expect((await list()).map((r) => r.id)).toEqual(before.map((r) => r.id));
    const resumed = readWatch<WatchAuditRecordsResponse>((signal) => audit().watchAuditRecords({ project, resourceVersion: before[1]!.id }, { signal }));
    try {
      expect((await resumed.next()).record!.id).toBe(before[0]!.id);
    } finally {
      resumed.close();
    }
  });

  it("holds no secret value: not in the records, the responses, the logs or the file", async () => {
    const listed = toJsonString(ListAuditRecordsResponseSchema, await audit().listAuditRecords({ project, pageSize: 1000 }));
    expect(listed).toContain("api-key");
    const files = ["audit.db", "audit.db-wal"].map((f) => join(dataDir, f)).filter((f) => existsSync(f));
    expect(files.length).toBeGreaterThan(0);
    const stored = files.map((f) => readFileSync(f).toString("latin1")).join("");
    expect(stored).toContain("UpdateGenericCredentials");
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const text of [listed, stored, logs.lines.join("\n")]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(CANARY_2);
    }
  });
});
