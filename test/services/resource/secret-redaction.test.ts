import { toJsonString } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { AuthService } from "../../../gen/kargo/api/v1/auth_service_pb.js";
import {
  CreateOrUpdateResourceResponseSchema,
  CreateResourceResponseSchema,
  DeleteResourceResponseSchema,
  ResourceService,
  UpdateResourceResponseSchema,
  type ResourceResult,
} from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { REDACTED } from "../../../src/rbac/index.js";
import { captureLogs } from "../../support/capture-logs.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { readSecret } from "../credentials/credentials-fixtures.js";
import { errorFor, manifest, outcomes, projectObjects } from "./resource-fixtures.js";

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

// Issue 12 item 12: ResourceService echoed Secrets in clear — `data`, `stringData` and kubectl's
// last-applied-configuration annotation. Canary values written through every ResourceService RPC,
// as YAML and as JSON manifests, must appear in no response (results and errors) and in no log line
// of the server logging at trace level; plain text, base64 and base64url are searched.
describe("Secrets written through ResourceService", () => {
  const logs = captureLogs("trace");
  const stack = useKargoStack({ logger: logs.logger });
  const resources = () => stack().client(ResourceService);
  const CANARY = "canary-5e1b7d2a-do-not-leak";
  const CANARY_2 = "canary-9c4f0a63-do-not-leak";
  const needles = [CANARY, CANARY_2].flatMap((c) => [c, Buffer.from(c).toString("base64"), Buffer.from(c).toString("base64url")]);
  const seen: string[] = [];

  const secret = (name: string, fields: object, annotations: Record<string, string> = {}) => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace: "redact", annotations: { "kargo.akuity.io/description": "kept in clear", ...annotations } },
    type: "Opaque",
    ...fields,
  });
  const json = (...objects: object[]) => new TextEncoder().encode(objects.map((o) => JSON.stringify(o)).join("\n"));

  beforeAll(async () => {
    await resources().createResource({ manifest: manifest(...projectObjects("redact")) });
  });

  it("are stored, and their values are never returned nor logged", async () => {
    const applied = JSON.stringify(secret("yaml", { stringData: { password: CANARY } }));
    const created = await resources().createResource({
      manifest: manifest(secret("yaml", { stringData: { password: CANARY, username: "bot" } }, { [LAST_APPLIED]: applied })),
    });
    seen.push(toJsonString(CreateResourceResponseSchema, created));
    expect(outcomes(created.results)).toEqual(["Secret redact/yaml: createdResource"]);
    // Redacted as CredentialsService redacts: no data, values and annotations replaced by the marker.
    const result = created.results[0]!.result.value as {
      data?: unknown;
      stringData: Record<string, string>;
      metadata: { annotations: Record<string, string> };
    };
    expect(result.data).toBeUndefined();
    expect(result.stringData).toEqual({ password: REDACTED, username: REDACTED });
    expect(result.metadata.annotations).toEqual({ "kargo.akuity.io/description": "kept in clear", [LAST_APPLIED]: REDACTED });

    const fromJson = await resources().createResource({ manifest: json(secret("json", { data: { token: Buffer.from(CANARY_2).toString("base64") } })) });
    seen.push(toJsonString(CreateResourceResponseSchema, fromJson));
    expect(outcomes(fromJson.results)).toEqual(["Secret redact/json: createdResource"]);

    const updated = await resources().updateResource({
      manifest: manifest(secret("yaml", { stringData: { password: CANARY_2 } }, { [LAST_APPLIED]: applied })),
    });
    seen.push(toJsonString(UpdateResourceResponseSchema, updated));
    expect(outcomes(updated.results)).toEqual(["Secret redact/yaml: updatedResource"]);

    const upserted = await resources().createOrUpdateResource({
      manifest: json(secret("json", { stringData: { token: CANARY } }), secret("new", { data: { token: Buffer.from(CANARY).toString("base64") } })),
    });
    seen.push(toJsonString(CreateOrUpdateResourceResponseSchema, upserted));
    expect(outcomes(upserted.results)).toEqual(["Secret redact/json: updatedResource", "Secret redact/new: createdResource"]);

    // Failures with the canary in the manifest: already exists, a value that is not base64, missing.
    const failed = await resources().createResource({
      manifest: manifest(secret("yaml", { stringData: { password: CANARY } }), secret("bad", { data: { password: CANARY } })),
    });
    seen.push(toJsonString(CreateResourceResponseSchema, failed));
    expect(errorFor(failed.results, "yaml").code).toBe("already_exists");
    expect(errorFor(failed.results, "bad").code).toBe("invalid_argument");
    const missing = await resources().updateResource({ manifest: manifest(secret("missing", { stringData: { password: CANARY } })) });
    seen.push(toJsonString(UpdateResourceResponseSchema, missing));
    expect(errorFor(missing.results, "missing").code).toBe("not_found");

    // The canaries really were stored, so their absence from the responses means something.
    expect((await readSecret(stack(), "redact", "yaml"))?.data["password"]).toBe(CANARY_2);
    expect((await readSecret(stack(), "redact", "json"))?.data["token"]).toBe(CANARY);
    expect((await readSecret(stack(), "redact", "yaml"))?.object.metadata.annotations?.[LAST_APPLIED]).toContain(CANARY);

    // A delete answers with the manifest's object: redacted too.
    const deleted = await resources().deleteResource({
      manifest: manifest(
        secret("yaml", { stringData: { password: CANARY } }, { [LAST_APPLIED]: applied }),
        secret("json", { data: { token: Buffer.from(CANARY_2).toString("base64") } }),
      ),
    });
    seen.push(toJsonString(DeleteResourceResponseSchema, deleted));
    expect(outcomes(deleted.results)).toEqual(["Secret redact/yaml: deletedResource", "Secret redact/json: deletedResource"]);
    expect((deleted.results[0]!.result.value as { stringData: object }).stringData).toEqual({ password: REDACTED });

    expect(seen.join("\n")).toContain(REDACTED);
    expect(logs.lines.length).toBeGreaterThan(5);
    for (const needle of needles) {
      expect(seen.filter((text) => text.includes(needle))).toEqual([]);
      expect(logs.lines.filter((line) => line.includes(needle))).toEqual([]);
    }
  });

  describe("a ServiceAccount token Secret", () => {
    const tokenSecret = (extra: object = {}) => ({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "robot-token", namespace: "redact", annotations: { "kubernetes.io/service-account.name": "robot" } },
      type: "kubernetes.io/service-account-token",
      ...extra,
    });
    const serviceAccount = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "robot", namespace: "redact" } };
    let token = "";

    beforeAll(async () => {
      const { results } = await resources().createResource({ manifest: manifest(serviceAccount, tokenSecret()) });
      expect(outcomes(results)).toEqual(["ServiceAccount redact/robot: createdResource", "Secret redact/robot-token: createdResource"]);
      // Its token is returned by no ResourceService answer; read it as an operator would.
      token = (await readSecret(stack(), "redact", "robot-token"))!.data["token"]!;
      expect(token).not.toBe("");
      expect(JSON.stringify(results[1]!.result.value)).not.toContain(token.split(".")[2]!);
      expect((results[1]!.result.value as { stringData: Record<string, string> }).stringData["token"]).toBe(REDACTED);
    });

    const whoAmI = () =>
      stack()
        .client(AuthService, token)
        .whoAmI({})
        .then(
          () => "OK",
          (e: unknown) => ConnectError.from(e).code,
        );

    it.each([
      ["UpdateResource", (m: Uint8Array) => resources().updateResource({ manifest: m })],
      ["CreateOrUpdateResource", (m: Uint8Array) => resources().createOrUpdateResource({ manifest: m })],
    ] as const)("cannot be re-minted or changed by %s: failed_precondition, and the token keeps working", async (_, call) => {
      expect(await whoAmI()).toBe("OK");
      for (const changed of [
        tokenSecret(),
        tokenSecret({
          metadata: { name: "robot-token", namespace: "redact", labels: { x: "y" }, annotations: { "kubernetes.io/service-account.name": "robot" } },
        }),
      ]) {
        const { results } = (await call(manifest(changed))) as { results: ResourceResult[] };
        const error = errorFor(results, "robot-token");
        expect(error.code).toBe("failed_precondition");
        expect(error.message).toMatch(/service-account-token/);
      }
      // An Opaque manifest naming the token Secret (the type is immutable; it must not slip through).
      const { results } = (await call(manifest(secret("robot-token", { stringData: { token: "x" } })))) as { results: ResourceResult[] };
      expect(errorFor(results, "robot-token").code).toBe("failed_precondition");
      expect((await readSecret(stack(), "redact", "robot-token"))!.data["token"]).toBe(token);
      expect(await whoAmI()).toBe("OK");
    });

    it("can still be deleted, which revokes the token", async () => {
      const { results } = await resources().deleteResource({ manifest: manifest(tokenSecret()) });
      expect(outcomes(results)).toEqual(["Secret redact/robot-token: deletedResource"]);
      expect(await whoAmI()).toBe(Code.Unauthenticated);
    });
  });
});
