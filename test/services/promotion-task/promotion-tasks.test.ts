import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, type ConnectError } from "@connectrpc/connect";
import { BadRequestSchema } from "../../../gen/google/rpc/error_details_pb.js";
import { RawFormat } from "../../../gen/kargo/api/v1/common_pb.js";
import type { PromotionTask, PromotionTaskSpecSchema } from "../../../gen/kargo/api/v1/promotion_task_pb.js";
import { PromotionTaskService } from "../../../gen/kargo/api/v1/promotion_task_service_pb.js";
import { RESOURCES, type KubeObject } from "../../../src/kube/index.js";
import { useKargoStack } from "../../support/use-kargo-stack.js";
import { foreignProjectAdminToken } from "../common/foreign-caller.js";
import { codeOf, errorOf, fixtures } from "../common/fixtures.js";

const stack = useKargoStack();
const PROJECT = "tasks";
let outsider = "";

type Spec = MessageInitShape<typeof PromotionTaskSpecSchema> | undefined;
type GetResult = { case: string | undefined; value?: unknown };

/**
 * The two kinds behind one interface, so every behaviour is tested for both: PromotionTasks in
 * project "tasks" (the outsider is admin of another project), ClusterPromotionTasks (the outsider
 * has no cluster-wide rights).
 */
interface Kind {
  readonly label: string;
  readonly type: (typeof RESOURCES)["promotiontasks"];
  readonly namespace: string | undefined;
  list(req: { pageSize?: number; pageToken?: string }, token?: string): Promise<{ tasks: PromotionTask[]; nextPageToken: string; totalSize: number }>;
  get(name: string, format?: RawFormat, token?: string): Promise<GetResult>;
  create(name: string, spec: Spec, token?: string): Promise<PromotionTask>;
  update(name: string, spec: Spec, resourceVersion?: string, token?: string): Promise<PromotionTask>;
  remove(name: string, token?: string): Promise<unknown>;
}

const client = (token?: string) => stack().client(PromotionTaskService, token);
const KINDS: Kind[] = [
  {
    label: "PromotionTask",
    type: RESOURCES.promotiontasks,
    namespace: PROJECT,
    list: async (req, token) => {
      const res = await client(token).listPromotionTasks({ project: PROJECT, ...req });
      return { tasks: res.promotionTasks, nextPageToken: res.nextPageToken, totalSize: res.totalSize };
    },
    get: async (name, format, token) => (await client(token).getPromotionTask({ project: PROJECT, name, ...(format ? { format } : {}) })).result,
    create: async (name, spec, token) => (await client(token).createPromotionTask({ project: PROJECT, name, ...(spec ? { spec } : {}) })).promotionTask!,
    update: async (name, spec, resourceVersion, token) =>
      (await client(token).updatePromotionTask({ project: PROJECT, name, ...(spec ? { spec } : {}), ...(resourceVersion ? { resourceVersion } : {}) }))
        .promotionTask!,
    remove: (name, token) => client(token).deletePromotionTask({ project: PROJECT, name }),
  },
  {
    label: "ClusterPromotionTask",
    type: RESOURCES.clusterpromotiontasks,
    namespace: undefined,
    list: async (req, token) => {
      const res = await client(token).listClusterPromotionTasks(req);
      return { tasks: res.clusterPromotionTasks, nextPageToken: res.nextPageToken, totalSize: res.totalSize };
    },
    get: async (name, format, token) => (await client(token).getClusterPromotionTask({ name, ...(format ? { format } : {}) })).result,
    create: async (name, spec, token) => (await client(token).createClusterPromotionTask({ name, ...(spec ? { spec } : {}) })).clusterPromotionTask!,
    update: async (name, spec, resourceVersion, token) =>
      (await client(token).updateClusterPromotionTask({ name, ...(spec ? { spec } : {}), ...(resourceVersion ? { resourceVersion } : {}) }))
        .clusterPromotionTask!,
    remove: (name, token) => client(token).deleteClusterPromotionTask({ name }),
  },
];

const cloneSpec: Spec = {
  vars: [{ name: "repoURL", value: "https://git.example.com/app.git" }],
  steps: [
    { uses: "git-clone", as: "clone", config: { repoURL: "${{ vars.repoURL }}" } },
    { uses: "git-push", config: { path: "./out" } },
  ],
};

const stored = (kind: Kind, name: string): Promise<KubeObject> =>
  fixtures(stack()).kube.get(kind.type, { name, ...(kind.namespace ? { namespace: kind.namespace } : {}) });
const fieldsOf = (error: ConnectError) => error.findDetails(BadRequestSchema).flatMap((d) => d.fieldViolations.map((v) => v.field));

beforeAll(async () => {
  await fixtures(stack()).project(PROJECT);
  outsider = await foreignProjectAdminToken(stack(), "other-team");
});

describe.each(KINDS)("$label RPCs", (kind) => {
  const prefix = kind.label === "PromotionTask" ? "pt" : "cpt";
  const name = (suffix: string) => `${prefix}-${suffix}`;

  describe("Create", () => {
    it("creates the task with its vars and steps, readable typed and raw", async () => {
      const created = await kind.create(name("clone"), cloneSpec);
      expect(created.metadata?.name).toBe(name("clone"));
      expect(created.metadata?.namespace).toBe(kind.namespace ?? "");
      const object = await stored(kind, name("clone"));
      expect(object["spec"]).toEqual({
        vars: [{ name: "repoURL", value: "https://git.example.com/app.git" }],
        steps: [
          { uses: "git-clone", as: "clone", config: { repoURL: "${{ vars.repoURL }}" } },
          { uses: "git-push", config: { path: "./out" } },
        ],
      });
      const typed = await kind.get(name("clone"));
      expect((typed.value as PromotionTask).spec?.steps.map((s) => s.uses)).toEqual(["git-clone", "git-push"]);
      const raw = await kind.get(name("clone"), RawFormat.YAML);
      expect(new TextDecoder().decode(raw.value as Uint8Array)).toContain(`kind: ${kind.label}`);
    });

    it("is ALREADY_EXISTS when the name is taken", async () => {
      await kind.create(name("taken"), cloneSpec);
      expect(await codeOf(kind.create(name("taken"), cloneSpec))).toBe(Code.AlreadyExists);
    });

    it("is INVALID_ARGUMENT for a bad name or a missing spec, naming the field", async () => {
      expect((await errorOf(kind.create("", cloneSpec))).rawMessage).toBe("name should not be empty");
      expect((await errorOf(kind.create("Not_A_Name", cloneSpec))).code).toBe(Code.InvalidArgument);
      expect((await errorOf(kind.create(name("nospec"), undefined))).rawMessage).toBe("spec should not be empty");
    });

    it("is INVALID_ARGUMENT for a spec admission refuses, with each field in a BadRequest, and writes nothing", async () => {
      const noSteps = await errorOf(kind.create(name("bad"), { vars: [{ name: "x", value: "1" }] }));
      expect(noSteps.code).toBe(Code.InvalidArgument);
      expect(fieldsOf(noSteps)).toEqual(["spec.steps"]);
      // A task's step must use a step runner: tasks do not nest, and a step needs `uses`.
      const nested = await errorOf(kind.create(name("bad"), { steps: [{ task: { name: "other" } }, { as: "nothing" }] }));
      expect(fieldsOf(nested)).toEqual(expect.arrayContaining([expect.stringMatching(/^spec\.steps\[0\]/), expect.stringMatching(/^spec\.steps\[1\]/)]));
      const badVar = await errorOf(kind.create(name("bad"), { vars: [{ name: "1st-var", value: "" }], steps: [{ uses: "git-clone" }] }));
      expect(fieldsOf(badVar)).toEqual(["spec.vars[0].name"]);
      expect(await codeOf(stored(kind, name("bad")))).toBe(Code.NotFound);
    });

    it("is PERMISSION_DENIED for a caller without rights here, and writes nothing", async () => {
      expect(await codeOf(kind.create(name("intruder"), cloneSpec, outsider))).toBe(Code.PermissionDenied);
      expect(await codeOf(stored(kind, name("intruder")))).toBe(Code.NotFound);
    });
  });

  describe("List and Get", () => {
    it("lists by name, one page at a time", async () => {
      for (const n of ["list-b", "list-a"]) await kind.create(name(n), cloneSpec);
      const all = await kind.list({});
      const names = all.tasks.map((t) => t.metadata!.name);
      expect(names).toEqual([...names].sort());
      expect(names).toEqual(expect.arrayContaining([name("list-a"), name("list-b")]));
      expect(all.totalSize).toBe(names.length);
      const first = await kind.list({ pageSize: 1 });
      expect(first.tasks).toHaveLength(1);
      const second = await kind.list({ pageSize: 1, pageToken: first.nextPageToken });
      expect(second.tasks[0]!.metadata!.name).toBe(names[1]);
    });

    it("is INVALID_ARGUMENT for a bad page_token or page_size", async () => {
      expect(await codeOf(kind.list({ pageToken: "garbage" }))).toBe(Code.InvalidArgument);
      expect(await codeOf(kind.list({ pageSize: -1 }))).toBe(Code.InvalidArgument);
    });

    it("Get is NOT_FOUND for a missing task and INVALID_ARGUMENT without a name", async () => {
      const error = await errorOf(kind.get(name("ghost")));
      expect(error.code).toBe(Code.NotFound);
      expect(error.rawMessage).toContain(`"${name("ghost")}" not found`);
      expect((await errorOf(kind.get(" "))).rawMessage).toBe("name should not be empty");
    });

    it("is PERMISSION_DENIED for a caller without rights here", async () => {
      await kind.create(name("secret-recipe"), cloneSpec);
      expect(await codeOf(kind.list({}, outsider))).toBe(Code.PermissionDenied);
      expect(await codeOf(kind.get(name("secret-recipe"), undefined, outsider))).toBe(Code.PermissionDenied);
    });
  });

  describe("Update", () => {
    it("replaces vars and steps, keeps metadata and unmodelled spec fields", async () => {
      await kind.create(name("upd"), cloneSpec);
      const ref = { name: name("upd"), ...(kind.namespace ? { namespace: kind.namespace } : {}) };
      await fixtures(stack()).kube.mergePatch(kind.type, ref, { metadata: { labels: { team: "a" } }, spec: { futureField: true } });
      const updated = await kind.update(name("upd"), { steps: [{ uses: "argocd-update" }] });
      expect(updated.spec?.steps.map((s) => s.uses)).toEqual(["argocd-update"]);
      const object = await stored(kind, name("upd"));
      expect(object.metadata.labels?.["team"]).toBe("a");
      expect(object["spec"]).toEqual({ futureField: true, steps: [{ uses: "argocd-update" }] });
    });

    it("is NOT_FOUND for a missing task, ABORTED for a stale resource_version", async () => {
      expect(await codeOf(kind.update(name("ghost"), cloneSpec))).toBe(Code.NotFound);
      const first = await kind.create(name("stale"), cloneSpec);
      await kind.update(name("stale"), { steps: [{ uses: "git-push" }] });
      expect(await codeOf(kind.update(name("stale"), cloneSpec, first.metadata!.resourceVersion))).toBe(Code.Aborted);
    });

    it("is INVALID_ARGUMENT for an invalid spec and leaves the task as it was", async () => {
      await kind.create(name("keep"), cloneSpec);
      expect(await codeOf(kind.update(name("keep"), { steps: [] }))).toBe(Code.InvalidArgument);
      expect(await codeOf(kind.update(name("keep"), undefined))).toBe(Code.InvalidArgument);
      expect(((await stored(kind, name("keep")))["spec"] as { steps: unknown[] }).steps).toHaveLength(2);
    });

    it("is PERMISSION_DENIED for a caller without rights here", async () => {
      await kind.create(name("guarded"), cloneSpec);
      expect(await codeOf(kind.update(name("guarded"), { steps: [{ uses: "evil" }] }, undefined, outsider))).toBe(Code.PermissionDenied);
    });
  });

  describe("Delete", () => {
    it("deletes the task", async () => {
      await kind.create(name("doomed"), cloneSpec);
      await kind.remove(name("doomed"));
      expect(await codeOf(stored(kind, name("doomed")))).toBe(Code.NotFound);
    });

    it("is NOT_FOUND for a missing task, INVALID_ARGUMENT without a name", async () => {
      expect(await codeOf(kind.remove(name("ghost")))).toBe(Code.NotFound);
      expect(await codeOf(kind.remove(""))).toBe(Code.InvalidArgument);
    });

    it("is PERMISSION_DENIED for a caller without rights here, and the task stays", async () => {
      await kind.create(name("survivor"), cloneSpec);
      expect(await codeOf(kind.remove(name("survivor"), outsider))).toBe(Code.PermissionDenied);
      expect((await stored(kind, name("survivor"))).metadata.name).toBe(name("survivor"));
    });
  });
});

describe("PromotionTask RPCs of a missing project", () => {
  it("are NOT_FOUND", async () => {
    const project = "no-such-project";
    expect(await codeOf(client().listPromotionTasks({ project }))).toBe(Code.NotFound);
    expect(await codeOf(client().getPromotionTask({ project, name: "t" }))).toBe(Code.NotFound);
    expect(await codeOf(client().createPromotionTask({ project, name: "t", spec: { steps: [{ uses: "git-clone" }] } }))).toBe(Code.NotFound);
    expect(await codeOf(client().updatePromotionTask({ project, name: "t", spec: { steps: [{ uses: "git-clone" }] } }))).toBe(Code.NotFound);
    expect(await codeOf(client().deletePromotionTask({ project, name: "t" }))).toBe(Code.NotFound);
  });

  it("the outsider may manage tasks of their own project (the denials above are about scope)", async () => {
    const created = await client(outsider).createPromotionTask({ project: "other-team", name: "mine", spec: { steps: [{ uses: "git-clone" }] } });
    expect(created.promotionTask?.metadata?.namespace).toBe("other-team");
  });
});
