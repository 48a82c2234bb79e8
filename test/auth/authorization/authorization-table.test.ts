import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { DescFile, DescMethod } from "@bufbuild/protobuf";
import { authorizationTable } from "../../../src/auth/authorization/authorization-table.js";
import { entryFor } from "../../../src/auth/authorization/authorization-table-type.js";
import { hasRequestField } from "../../../src/auth/authorization/read-request-field.js";
import { isExemptProcedure } from "../../../src/auth/exempt-procedures.js";

const GEN_DIR = fileURLToPath(new URL("../../../gen/kargo/api/v1/", import.meta.url));

// Every RPC of every service in the generated descriptors, found by walking the files (not a
// hand-kept list), so a service added to proto/ is covered without touching this test.
async function generatedMethods(): Promise<DescMethod[]> {
  const methods: DescMethod[] = [];
  for (const file of (await readdir(GEN_DIR)).filter((f) => f.endsWith("_pb.ts")).sort()) {
    const module = (await import(`${GEN_DIR}${file}`)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (name.startsWith("file_")) {
        for (const service of (value as DescFile).services) {
          methods.push(...service.methods);
        }
      }
    }
  }
  return methods;
}

describe("authorizationTable", () => {
  let methods: DescMethod[];
  beforeAll(async () => {
    methods = await generatedMethods();
  });

  it("finds the generated services (sanity check of the walk)", () => {
    expect(new Set(methods.map((m) => m.parent.typeName)).size).toBeGreaterThanOrEqual(10);
    expect(methods.length).toBeGreaterThanOrEqual(68);
  });

  it("has an entry for every RPC in the generated descriptors", () => {
    const missing = methods.filter((m) => entryFor(authorizationTable, m.parent.typeName, m.name) === undefined).map((m) => `${m.parent.typeName}/${m.name}`);
    expect(missing).toEqual([]);
  });

  it("has no entry for an RPC that does not exist", () => {
    const known = new Set(methods.map((m) => `${m.parent.typeName}/${m.name}`));
    const stray = [...authorizationTable].flatMap(([service, entries]) => [...entries.keys()].map((m) => `${service}/${m}`)).filter((p) => !known.has(p));
    expect(stray).toEqual([]);
  });

  it("marks exactly the authentication-exempt RPCs exempt", () => {
    for (const m of methods) {
      const entry = entryFor(authorizationTable, m.parent.typeName, m.name)!;
      expect([`${m.parent.typeName}/${m.name}`, entry.kind === "exempt"]).toEqual([
        `${m.parent.typeName}/${m.name}`,
        isExemptProcedure(m.parent.typeName, m.name),
      ]);
    }
  });

  it("reads namespaces and names only from fields that exist in the request message", () => {
    const broken: string[] = [];
    for (const m of methods) {
      const entry = entryFor(authorizationTable, m.parent.typeName, m.name)!;
      if (entry.kind !== "checks") continue;
      for (const check of entry.checks) {
        const paths = [check.namespace?.field, check.namespace?.systemLevel?.field, check.name, check.onlyWhen].filter((p): p is string => p !== undefined);
        for (const path of paths) {
          if (!hasRequestField(m.input, path)) broken.push(`${m.parent.typeName}/${m.name}: ${path}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("checks promote on the target stage for PromoteToStage and ApproveFreight", () => {
    for (const [service, method] of [
      ["kargo.api.v1.PromotionService", "PromoteToStage"],
      ["kargo.api.v1.FreightService", "ApproveFreight"],
    ] as const) {
      const entry = entryFor(authorizationTable, service, method);
      expect(entry?.kind === "checks" && entry.checks).toContainEqual(expect.objectContaining({ verb: "promote", resource: "stages", name: "stage" }));
    }
    const downstream = entryFor(authorizationTable, "kargo.api.v1.PromotionService", "PromoteDownstream");
    expect(downstream?.kind === "checks" && downstream.handlerChecks).toEqual(["promote-each-downstream-stage"]);
  });

  it("declares the escalation check on RBAC writes that grant permissions", () => {
    for (const method of ["CreateRole", "UpdateRole", "Grant"]) {
      const entry = entryFor(authorizationTable, "kargo.api.v1.RbacService", method);
      expect(entry?.kind === "checks" && entry.handlerChecks).toEqual(["escalation"]);
    }
  });

  it("leaves ResourceService to per-object checks", () => {
    const service = authorizationTable.get("kargo.api.v1.ResourceService")!;
    expect([...service.values()].every((e) => e.kind === "per-object")).toBe(true);
  });

  it("names plural resources only", () => {
    for (const entries of authorizationTable.values()) {
      for (const entry of entries.values()) {
        if (entry.kind === "checks") for (const check of entry.checks) expect(check.resource).toMatch(/s$/);
      }
    }
  });
});
