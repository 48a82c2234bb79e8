// The kind catalogue describes each kind once; every other list of kinds derives from it. These
// tests fail when a derived list or Kargo's own CRDs (../shared/reference, when present) disagree.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { ALL_KINDS, KARGO_GROUP, KINDS, apiVersionOf, describeKind, qualifiedResource } from "../../src/domain/kind-catalogue.js";
import { RESOURCE_TYPES, findResourceType } from "../../src/embedded/resources/resource-types.js";
import { KARGO_SCHEMAS } from "../../src/domain/validation/kargo-schemas.js";
import { RESOURCES } from "../../src/kube/kargo-resources.js";

const crdDir = fileURLToPath(new URL("../../../shared/reference/kargo-crds-v1.11.2/", import.meta.url));

interface Crd {
  spec: {
    group: string;
    scope: "Namespaced" | "Cluster";
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames?: string[] };
    versions: Array<{ name: string; subresources?: { status?: object }; additionalPrinterColumns?: Array<{ name: string; jsonPath: string }> }>;
  };
}

describe("the kind catalogue", () => {
  it("keys every kind by its resource name, once", () => {
    for (const [key, kind] of Object.entries(KINDS)) expect(kind.resource).toBe(key);
    expect(new Set(ALL_KINDS.map((k) => `${k.group}/${k.kind}`)).size).toBe(ALL_KINDS.length);
  });

  it("names kinds for messages and URLs", () => {
    expect(KINDS.projectconfigs.noun).toBe("project config");
    expect(KINDS.clusterrolebindings.noun).toBe("cluster role binding");
    expect(apiVersionOf(KINDS.stages)).toBe("kargo.akuity.io/v1alpha1");
    expect(qualifiedResource(KINDS.configmaps)).toBe("configmaps");
    expect(describeKind("argoproj.io", "v1alpha1", "AnalysisRun", "analysisruns", true)).toMatchObject({
      listKind: "AnalysisRunList",
      singular: "analysisrun",
      noun: "analysis run",
    });
  });

  (existsSync(crdDir) ? it : it.skip)("matches Kargo's CRDs: names, scope, short names, status subresource and printer columns", () => {
    const files = readdirSync(crdDir).filter((f) => f.endsWith(".yaml"));
    const kargoKinds = ALL_KINDS.filter((k) => k.group === KARGO_GROUP);
    expect(kargoKinds).toHaveLength(files.length);
    for (const file of files) {
      const { spec } = parse(readFileSync(crdDir + file, "utf8")) as Crd;
      const version = spec.versions[0]!;
      const kind = kargoKinds.find((k) => k.kind === spec.names.kind);
      expect({ file, kind }).toMatchObject({ file, kind: expect.anything() });
      expect({
        group: kind!.group,
        version: kind!.version,
        listKind: kind!.listKind,
        resource: kind!.resource,
        singular: kind!.singular,
        namespaced: kind!.namespaced,
        hasStatus: kind!.hasStatus,
        shortNames: kind!.shortNames ?? [],
        columns: (kind!.printerColumns ?? []).map((c) => `${c.name}=${c.jsonPath}`),
      }).toEqual({
        group: spec.group,
        version: version.name,
        listKind: spec.names.listKind,
        resource: spec.names.plural,
        singular: spec.names.singular,
        namespaced: spec.scope === "Namespaced",
        hasStatus: version.subresources?.status !== undefined,
        shortNames: spec.names.shortNames ?? [],
        columns: (version.additionalPrinterColumns ?? []).map((c) => `${c.name}=${c.jsonPath}`),
      });
    }
  });
});

describe("lists derived from the kind catalogue", () => {
  it("the embedded control plane serves every catalogue kind, with the catalogue's description", () => {
    expect(RESOURCE_TYPES.map((t) => t.resource)).toEqual(ALL_KINDS.map((k) => k.resource));
    for (const kind of ALL_KINDS) {
      const served = findResourceType(kind.group, kind.version, kind.resource);
      expect(served).toMatchObject({
        ...kind,
        verbs: kind.review ? ["create"] : expect.arrayContaining(["get", "list", "watch", "create", "update", "patch", "delete"]),
      });
    }
  });

  it("the API server's registry holds catalogue entries themselves", () => {
    for (const [key, type] of Object.entries(RESOURCES)) expect(type).toBe(KINDS[key as keyof typeof KINDS]);
  });

  it("embedded validation has a schema for exactly the Kargo kinds", () => {
    expect(Object.keys(KARGO_SCHEMAS).sort()).toEqual(
      ALL_KINDS.filter((k) => k.group === KARGO_GROUP)
        .map((k) => k.resource)
        .sort(),
    );
  });
});
