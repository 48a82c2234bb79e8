import { toJsonString, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import {
  CreateGenericCredentialsResponseSchema,
  CreateRepoCredentialsResponseSchema,
  CredentialsService,
  GetGenericCredentialsResponseSchema,
  GetRepoCredentialsResponseSchema,
  ListGenericCredentialsResponseSchema,
  ListRepoCredentialsResponseSchema,
  UpdateGenericCredentialsResponseSchema,
  UpdateRepoCredentialsResponseSchema,
} from "../../../gen/kargo/api/v1/credentials_service_pb.js";
import { RbacService } from "../../../gen/kargo/api/v1/rbac_service_pb.js";
import { captureLogs } from "../../support/capture-logs.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { createProjectNamespace, readSecret } from "./credentials-fixtures.js";

// "Secrets never leave in clear" (DESIGN): canary values stored as credentials through every
// write RPC must appear in no response — typed, raw JSON/YAML, errors — and in no log line of the
// server, logging at trace level, over every credentials RPC. Plain text and base64 are searched.
describe("a canary secret stored as credentials", () => {
  const logs = captureLogs("trace");
  const stack = useKargoStack({ logger: logs.logger });
  const CANARY = "canary-7f3a9c1e-do-not-leak";
  const CANARY_2 = "canary-2b8d4e0f-do-not-leak";
  const needles = [CANARY, CANARY_2].flatMap((c) => [c, Buffer.from(c).toString("base64"), Buffer.from(c).toString("base64url")]);
  const seen: string[] = [];

  function record<D extends DescMessage>(schema: D, message: MessageShape<D>): MessageShape<D> {
    seen.push(toJsonString(schema, message));
    return message;
  }
  async function recordError(call: Promise<unknown>): Promise<void> {
    try {
      await call;
    } catch (error) {
      const e = ConnectError.from(error);
      seen.push(`${e.code} ${e.rawMessage} ${JSON.stringify(e.details)} ${JSON.stringify([...e.metadata.entries()])}`);
      return;
    }
    throw new Error("expected the call to fail");
  }

  it("is stored, and never returned nor logged", async () => {
    await createProjectNamespace(stack(), "canary");
    const creds = stack().client(CredentialsService);
    const repo = { project: "canary", name: "gh", type: "git", repoUrl: "https://github.com/example/app", username: "bot", password: CANARY };

    record(CreateRepoCredentialsResponseSchema, await creds.createRepoCredentials(repo));
    record(CreateRepoCredentialsResponseSchema, await creds.createRepoCredentials({ ...repo, project: "", name: "shared-gh" }));
    record(
      UpdateRepoCredentialsResponseSchema,
      await creds.updateRepoCredentials({ project: "canary", name: "gh", password: CANARY_2, description: "rotated" }),
    );
    for (const format of [RawFormat.UNSPECIFIED, RawFormat.JSON, RawFormat.YAML]) {
      const got = await creds.getRepoCredentials({ project: "canary", name: "gh", format });
      record(GetRepoCredentialsResponseSchema, got);
      if (got.result.case === "raw") seen.push(new TextDecoder().decode(got.result.value));
    }
    record(ListRepoCredentialsResponseSchema, await creds.listRepoCredentials({ project: "canary" }));
    record(ListRepoCredentialsResponseSchema, await creds.listRepoCredentials({}));

    record(CreateGenericCredentialsResponseSchema, await creds.createGenericCredentials({ project: "canary", name: "g", data: { token: CANARY } }));
    record(CreateGenericCredentialsResponseSchema, await creds.createGenericCredentials({ systemLevel: true, name: "sys", data: { token: CANARY } }));
    record(
      UpdateGenericCredentialsResponseSchema,
      await creds.updateGenericCredentials({ project: "canary", name: "g", data: { token: CANARY_2, other: CANARY } }),
    );
    for (const format of [RawFormat.UNSPECIFIED, RawFormat.JSON, RawFormat.YAML]) {
      const got = await creds.getGenericCredentials({ project: "canary", name: "g", format });
      record(GetGenericCredentialsResponseSchema, got);
      if (got.result.case === "raw") seen.push(new TextDecoder().decode(got.result.value));
    }
    record(ListGenericCredentialsResponseSchema, await creds.listGenericCredentials({ project: "canary" }));
    record(ListGenericCredentialsResponseSchema, await creds.listGenericCredentials({ systemLevel: true }));

    // Failures with the canary in the request: validation, conflicts, bad keys, missing objects.
    await recordError(creds.createRepoCredentials({ ...repo, username: "" }));
    await recordError(creds.createRepoCredentials(repo));
    await recordError(creds.createGenericCredentials({ project: "canary", name: "bad", data: { "bad key": CANARY } }));
    await recordError(creds.updateRepoCredentials({ project: "canary", name: "missing", password: CANARY }));
    await recordError(creds.updateRepoCredentials({ project: "canary", name: "gh", password: CANARY, type: "svn" }));
    await recordError(creds.createRepoCredentials({ ...repo, project: "no-such-project" }));

    await creds.deleteRepoCredentials({ project: "canary", name: "gh" });
    await creds.deleteGenericCredentials({ project: "canary", name: "g" });

    // The canary really was stored (so its absence from responses means something).
    expect((await readSecret(stack(), stack().config.kargo.sharedResourcesNamespace, "shared-gh"))?.data["password"]).toBe(CANARY);
    expect((await readSecret(stack(), stack().config.kargo.systemResourcesNamespace, "sys"))?.data["token"]).toBe(CANARY);

    // An API token is shown once, in CreateAPIToken's answer; it must not reach the logs either,
    // neither from that answer nor from the calls made with it.
    const rbac = stack().client(RbacService);
    await rbac.createRole({ role: { metadata: { namespace: "canary", name: "ci" }, rules: [{ resources: ["secrets"], verbs: ["list"] }] } });
    const apiToken = (await rbac.createAPIToken({ project: "canary", roleName: "ci", name: "ci-token" })).token!.token;
    record(ListRepoCredentialsResponseSchema, await stack().client(CredentialsService, apiToken).listRepoCredentials({ project: "canary" }));
    await recordError(stack().client(CredentialsService, apiToken).getRepoCredentials({ project: "canary", name: "shared-gh" }));
    await rbac.deleteAPIToken({ project: "canary", name: "ci-token" });
    await recordError(stack().client(CredentialsService, apiToken).listRepoCredentials({ project: "canary" }));
    expect(logs.lines.filter((line) => line.includes(apiToken) || line.includes(apiToken.split(".")[2]!))).toEqual([]);

    expect(seen.length).toBeGreaterThan(20);
    expect(logs.lines.length).toBeGreaterThan(20);
    for (const needle of needles) {
      expect(seen.filter((text) => text.includes(needle))).toEqual([]);
      expect(logs.lines.filter((line) => line.includes(needle))).toEqual([]);
    }
  });
});
