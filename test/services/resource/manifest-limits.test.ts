import { Code, ConnectError } from "@connectrpc/connect";
import { ResourceService } from "../../../gen/kargo/api/v1/resource_service_pb.js";
import { useKargoStack, type KargoStack } from "../../support/use-kargo-stack.js";
import { configMap, manifest, outcomes } from "./resource-fixtures.js";

const failureOf = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
const text = (s: string) => new TextEncoder().encode(s);

async function namespace(stack: KargoStack, name: string): Promise<void> {
  await stack.core.createNamespace({ body: { metadata: { name } } });
}

describe("ResourceService limits (MAX_NESTING_DEPTH, MANIFEST_*)", () => {
  describe("with the default depth and alias limits, and at most 5 objects a call", () => {
    const stack = useKargoStack({ env: { MANIFEST_MAX_OBJECTS: "5" } });
    beforeAll(() => namespace(stack(), "limits"));

    it("refuses a million nested flow collections as INVALID_ARGUMENT without parsing them", async () => {
      const error = await failureOf(
        stack()
          .client(ResourceService)
          .createResource({ manifest: text("[".repeat(1_000_000)) }),
      );
      expect(error).toMatchObject({ code: Code.InvalidArgument, rawMessage: "manifest document 1 nests deeper than 100 levels" });
    });

    it("refuses deeply nested block YAML the same way, on every RPC", async () => {
      const deep = text(`apiVersion: v1\nkind: ConfigMap\ndata:\n${"- ".repeat(200_000)}x\n`);
      for (const call of [
        (m: Uint8Array) => stack().client(ResourceService).updateResource({ manifest: m }),
        (m: Uint8Array) => stack().client(ResourceService).createOrUpdateResource({ manifest: m }),
        (m: Uint8Array) => stack().client(ResourceService).deleteResource({ manifest: m }),
      ]) {
        expect(await failureOf(call(deep))).toMatchObject({ code: Code.InvalidArgument, rawMessage: "manifest document 1 nests deeper than 100 levels" });
      }
    });

    it("refuses a billion-laughs document", async () => {
      const lines = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: lol, namespace: limits}", "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
      for (let i = 1; i < 9; i++) lines.push(`l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(", ")}]`);
      const error = await failureOf(
        stack()
          .client(ResourceService)
          .createResource({ manifest: text(lines.join("\n")) }),
      );
      expect(error?.code).toBe(Code.InvalidArgument);
    });

    it("refuses more objects than MANIFEST_MAX_OBJECTS before writing any", async () => {
      const objects = Array.from({ length: 6 }, (_, i) => configMap("limits", `too-many-${i}`));
      const error = await failureOf(
        stack()
          .client(ResourceService)
          .createResource({ manifest: manifest(...objects) }),
      );
      expect(error).toMatchObject({ code: Code.InvalidArgument, rawMessage: "manifest has more than 5 objects, the most one call applies" });
      await expect(stack().core.readNamespacedConfigMap({ namespace: "limits", name: "too-many-0" })).rejects.toMatchObject({ code: 404 });
    });

    it("applies a manifest at the limit", async () => {
      const objects = Array.from({ length: 5 }, (_, i) => configMap("limits", `enough-${i}`));
      const { results } = await stack()
        .client(ResourceService)
        .createResource({ manifest: manifest(...objects) });
      expect(outcomes(results)).toEqual(objects.map((_, i) => `ConfigMap limits/enough-${i}: createdResource`));
    });
  });

  describe("when MANIFEST_TIMEOUT passes while objects are applied", () => {
    // 1 ms: fewer than all 30 writes (each a Kubernetes API round trip) can finish within it.
    const stack = useKargoStack({ env: { MANIFEST_TIMEOUT: "1ms" } });
    beforeAll(() => namespace(stack(), "slow"));

    it("reports every object not applied by then as deadline_exceeded, unwritten", async () => {
      const objects = Array.from({ length: 30 }, (_, i) => configMap("slow", `cm-${i}`));
      const { results } = await stack()
        .client(ResourceService)
        .createResource({ manifest: manifest(...objects) });
      expect(results).toHaveLength(30);
      const cases = outcomes(results).map((o) => o.split(": ")[1]);
      const firstLate = cases.indexOf("deadline_exceeded");
      expect(firstLate).toBeGreaterThanOrEqual(0);
      expect(cases.slice(0, firstLate).every((c) => c === "createdResource")).toBe(true);
      expect(cases.slice(firstLate).every((c) => c === "deadline_exceeded")).toBe(true);
      const late = results[firstLate]!;
      expect(late.result.case === "error" && late.result.value.message).toBe(
        `document ${firstLate + 1}: not applied: the call used its 1ms for applying objects`,
      );
      await expect(stack().core.readNamespacedConfigMap({ namespace: "slow", name: `cm-${firstLate}` })).rejects.toMatchObject({ code: 404 });
      if (firstLate > 0) expect((await stack().core.readNamespacedConfigMap({ namespace: "slow", name: "cm-0" })).metadata?.name).toBe("cm-0");
    });
  });
});
