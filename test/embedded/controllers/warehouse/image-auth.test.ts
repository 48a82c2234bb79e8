import { CoreV1Api } from "@kubernetes/client-node";
import type { Freight } from "../../../../src/domain/types.js";
import { startTestRegistry, type TestRegistry } from "../../registry/support/test-registry.js";
import { startTokenServer, type TokenServer } from "../../registry/support/token-server.js";
import { useControllers } from "../support/use-controllers.js";
import { eventually } from "../../../support/eventually.js";

const API_VERSION = "kargo.akuity.io/v1alpha1";
const USER = "kargo-bot";
const PASSWORD = "registry-s3cret-Pa55";
const WRONG = "not-the-Pa55word";

interface WarehouseStatus {
  lastFreightID?: string;
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

describe("image discovery with registry credentials", () => {
  const fixture = useControllers({ captureLogs: true });
  let basicRegistry: TestRegistry;
  let tokenRegistry: TestRegistry;
  let tokens: TokenServer;
  const digests: Record<string, string> = {};

  const secret = async (namespace: string, name: string, data: Record<string, string>) => {
    const core = fixture.plane.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespacedSecret({ namespace, body: { metadata: { name, labels: { "kargo.akuity.io/cred-type": "image" } }, stringData: data } });
  };
  const warehouse = (project: string, name: string, repoURL: string) =>
    fixture.client.create("warehouses", project, {
      apiVersion: API_VERSION,
      kind: "Warehouse",
      metadata: { name, namespace: project },
      spec: { interval: "5m0s", subscriptions: [{ image: { repoURL, constraint: "^1.0.0" } }] },
    });
  const statusOf = async (project: string, name: string) =>
    ((await fixture.client.get("warehouses", project, name)) as { status?: WarehouseStatus } | undefined)?.status ?? {};
  const condition = async (project: string, name: string, type = "Ready") => (await statusOf(project, name)).conditions?.find((c) => c.type === type);
  const freightOf = async (project: string, name: string) => (await fixture.client.list<Freight>("freights", project)).find((f) => f.origin?.name === name);

  beforeAll(async () => {
    basicRegistry = await startTestRegistry({ kind: "htpasswd", username: USER, password: PASSWORD });
    Object.assign(
      digests,
      await basicRegistry.push("private/app", [{ tag: "1.0.0", image: { created: "2025-02-01T00:00:00Z" } }], { username: USER, password: PASSWORD }),
    );
    tokens = await startTokenServer(USER, PASSWORD);
    tokenRegistry = await startTestRegistry({
      kind: "token",
      realm: tokens.realm,
      service: tokens.service,
      issuer: tokens.issuer,
      rootCertificate: tokens.rootCertificate,
    });
    const pushed = await tokenRegistry.push("team/api", [{ tag: "1.2.0", image: { created: "2025-03-01T00:00:00Z" } }], { username: USER, password: PASSWORD });
    digests["token"] = pushed["1.2.0"]!;
    for (const project of ["basic", "wrong", "none", "shared", "bearer", "bearer-wrong"]) await fixture.createProject(project);
  }, 120_000);
  afterAll(async () => {
    await basicRegistry?.stop();
    await tokenRegistry?.stop();
    await tokens?.close();
  });

  it("authenticates with Basic credentials from the project's image Secret", async () => {
    await secret("basic", "registry", { repoURL: `${basicRegistry.host}/private/app`, username: USER, password: PASSWORD });
    await warehouse("basic", "app", `${basicRegistry.host}/private/app`);
    await eventually(async () => (await freightOf("basic", "app")) !== undefined);
    expect((await freightOf("basic", "app"))!.images).toEqual([{ repoURL: `${basicRegistry.host}/private/app`, tag: "1.0.0", digest: digests["1.0.0"] }]);
    expect(await condition("basic", "app")).toMatchObject({ status: "True", reason: "ArtifactsDiscovered" });
    expect(await condition("basic", "app", "Healthy")).toMatchObject({ status: "True" });
  });

  // Before the shared-namespace case: its Secret would serve this project too.
  it("says credentials are needed when none are stored", async () => {
    await warehouse("none", "app", `${basicRegistry.host}/private/app`);
    await eventually(async () => (await condition("none", "app"))?.reason === "AuthenticationFailed");
    expect((await condition("none", "app"))!.message).toBe(
      `registry http://${basicRegistry.host} requires credentials for ${basicRegistry.host}/private/app and none are stored for it`,
    );
  });

  it("finds credentials in the shared namespace by regex when the project has none", async () => {
    await secret("kargo-shared-resources", "all-private", {
      repoURL: `^${basicRegistry.host.replace(/\./gu, "\\.")}/private/.*$`,
      repoURLIsRegex: "true",
      username: USER,
      password: PASSWORD,
    });
    await warehouse("shared", "app", `${basicRegistry.host}/private/app`);
    await eventually(async () => (await freightOf("shared", "app")) !== undefined);
  });

  it("marks the Warehouse not Ready when the registry rejects the credentials, without the password anywhere", async () => {
    await secret("wrong", "registry", { repoURL: `${basicRegistry.host}/private/app`, username: USER, password: WRONG });
    await warehouse("wrong", "app", `${basicRegistry.host}/private/app`);
    await eventually(async () => (await condition("wrong", "app"))?.reason === "AuthenticationFailed");
    const ready = await condition("wrong", "app");
    expect(ready).toMatchObject({
      status: "False",
      message: `registry http://${basicRegistry.host} rejected the stored credentials for ${basicRegistry.host}/private/app`,
    });
    expect(await condition("wrong", "app", "Healthy")).toMatchObject({ status: "False", reason: "AuthenticationFailed" });
    expect(await freightOf("wrong", "app")).toBeUndefined();
    const everything = JSON.stringify(await fixture.client.get("warehouses", "wrong", "app")) + fixture.logs.join("\n");
    expect(fixture.logs.some((line) => line.includes("AuthenticationFailed"))).toBe(true);
    for (const secretText of [WRONG, PASSWORD, Buffer.from(`${USER}:${WRONG}`).toString("base64")]) expect(everything).not.toContain(secretText);
  });

  it("answers a Bearer challenge with a token from the realm, asked with the stored credentials", async () => {
    await secret("bearer", "registry", { repoURL: `${tokenRegistry.host}/team/api`, username: USER, password: PASSWORD });
    await warehouse("bearer", "api", `${tokenRegistry.host}/team/api`);
    await eventually(async () => (await freightOf("bearer", "api")) !== undefined);
    expect((await freightOf("bearer", "api"))!.images).toEqual([{ repoURL: `${tokenRegistry.host}/team/api`, tag: "1.2.0", digest: digests["token"] }]);
    expect(tokens.requests).toContainEqual({ authorized: true, scopes: ["repository:team/api:pull"] });
  });

  it("reports a token service that refuses the credentials", async () => {
    await secret("bearer-wrong", "registry", { repoURL: `${tokenRegistry.host}/team/api`, username: USER, password: WRONG });
    await warehouse("bearer-wrong", "api", `${tokenRegistry.host}/team/api`);
    await eventually(async () => (await condition("bearer-wrong", "api"))?.reason === "AuthenticationFailed");
    expect(JSON.stringify(await fixture.client.get("warehouses", "bearer-wrong", "api")) + fixture.logs.join("\n")).not.toContain(WRONG);
  });
});
