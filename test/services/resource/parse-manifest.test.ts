import { Code, ConnectError } from "@connectrpc/connect";
import type { ManifestLimits } from "../../../src/services/resource/manifest-limits.js";
import { parseManifest } from "../../../src/services/resource/parse-manifest.js";

// The documented defaults (MAX_NESTING_DEPTH, MANIFEST_*).
const defaults: ManifestLimits = { maxDepth: 100, maxDocuments: 1000, maxObjects: 1000, maxAliases: 100, timeoutMs: 120_000 };
const bytes = (text: string) => new TextEncoder().encode(text);
const names = async (text: string) =>
  (await parseManifest(bytes(text), defaults)).map(
    (d) => `${d.label}: ${String(d.value["kind"])}/${String((d.value["metadata"] as { name?: string } | undefined)?.name)}`,
  );

async function failure(text: string | Uint8Array, limits: Partial<ManifestLimits> = {}): Promise<ConnectError> {
  try {
    await parseManifest(typeof text === "string" ? bytes(text) : text, { ...defaults, ...limits });
  } catch (error) {
    if (error instanceof ConnectError) return error;
    throw error;
  }
  throw new Error("parseManifest did not fail");
}

describe("parseManifest", () => {
  describe("with a YAML stream", () => {
    it("returns every object in order, skipping empty and null documents but counting them", async () => {
      const text = "kind: A\nmetadata: {name: a}\n---\n---\nnull\n---\n# only a comment\n---\nkind: B\nmetadata: {name: b}\n";
      expect(await names(text)).toEqual(["document 1: A/a", "document 5: B/b"]);
    });

    it("reads YAML 1.2 core like JSON: dates and yes/no stay strings", async () => {
      const [document] = await parseManifest(bytes("kind: A\nmetadata: {name: a}\ndata:\n  when: 2026-01-02\n  answer: yes\n"), defaults);
      expect(document!.value["data"]).toEqual({ when: "2026-01-02", answer: "yes" });
    });
  });

  describe("with JSON", () => {
    it("reads one object", async () => {
      expect(await names('{"kind":"A","metadata":{"name":"a"}}')).toEqual(["document 1: A/a"]);
    });

    it("reads an array as one object per item", async () => {
      expect(await names('[{"kind":"A","metadata":{"name":"a"}}, null, {"kind":"B","metadata":{"name":"b"}}]')).toEqual([
        "document 1, item 1: A/a",
        "document 1, item 3: B/b",
      ]);
    });

    it("reads objects one after another, as Kubernetes' decoder does", async () => {
      expect(await names('{"kind":"A","metadata":{"name":"a{"}}\n{"kind":"B","metadata":{"name":"b\\"}"}}')).toEqual(["document 1: A/a{", 'document 2: B/b"}']);
    });

    it("falls back to YAML for flow-style YAML that is not JSON", async () => {
      expect(await names("{kind: A, metadata: {name: a}}")).toEqual(["document 1: A/a"]);
    });
  });

  describe("with a List", () => {
    it("stands for its items; a typed list fills in the items' apiVersion and kind", async () => {
      const text = "apiVersion: v1\nkind: ConfigMapList\nitems:\n- metadata: {name: one}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: two}\n";
      const documents = await parseManifest(bytes(text), defaults);
      expect(documents.map((d) => [d.label, d.value["apiVersion"], d.value["kind"]])).toEqual([
        ["document 1, item 1", "v1", "ConfigMap"],
        ["document 1, item 2", "v1", "Secret"],
      ]);
    });

    it("takes a plain List's items as they are", async () => {
      expect(await names("apiVersion: v1\nkind: List\nitems:\n- {kind: A, metadata: {name: a}}\n")).toEqual(["document 1, item 1: A/a"]);
    });
  });

  describe("when the manifest cannot be read", () => {
    it("is INVALID_ARGUMENT for an empty manifest", async () => {
      const error = await failure("  \n");
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toBe("manifest should not be empty");
    });

    it("is INVALID_ARGUMENT when only empty documents remain", async () => {
      expect((await failure("---\nnull\n---\n")).rawMessage).toBe("manifest has no objects");
    });

    it("is INVALID_ARGUMENT naming the document and the YAML error", async () => {
      const error = await failure("kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata: {name: [b\n");
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toMatch(/^manifest does not parse: document 2: .+ at line \d+, column \d+:?$/);
    });

    it("is INVALID_ARGUMENT for duplicate keys, as kubectl", async () => {
      expect((await failure("kind: A\nkind: B\n")).rawMessage).toMatch(/^manifest does not parse: document 1: .*[Mm]ap keys must be unique/);
    });

    it('finds a duplicate key at any depth and says where, telling 1 and "1" apart as yaml does', async () => {
      expect((await failure("kind: A\nmetadata:\n  labels: {a: x, b: y, a: z}\n")).rawMessage).toBe(
        "manifest does not parse: document 1: Map keys must be unique at line 3, column 24",
      );
      expect(await names('kind: A\nmetadata: {name: a}\ndata: {1: x, "1": y}\n')).toEqual(["document 1: A/a"]);
    });

    it("is INVALID_ARGUMENT naming the document of broken JSON", async () => {
      const error = await failure('{"kind":"A"}\n{"kind": B}');
      expect(error.code).toBe(Code.InvalidArgument);
      expect(error.rawMessage).toMatch(/^manifest does not parse: document 2: /);
    });

    it("is INVALID_ARGUMENT for a document that is not an object", async () => {
      expect((await failure("kind: A\n---\njust a string\n")).rawMessage).toBe("manifest document 2 is a string, not an object");
      expect((await failure("- a\n- b\n")).rawMessage).toBe("manifest document 1 is a list, not an object");
    });

    it("is INVALID_ARGUMENT for bytes that are not UTF-8", async () => {
      expect((await failure(new Uint8Array([0x6b, 0xff, 0xfe]))).rawMessage).toBe("manifest is not valid UTF-8");
    });

    it("refuses alias bombs instead of expanding them", async () => {
      // Nine levels of ten aliases each: 10^9 strings if expanded.
      const lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
      for (let i = 1; i < 9; i++) lines.push(`l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(", ")}]`);
      const bomb = lines.join("\n");
      expect((await failure(bomb)).code).toBe(Code.InvalidArgument);
    });
  });

  describe("limits, applied before the work they bound", () => {
    const objects = (n: number) => Array.from({ length: n }, (_, i) => `kind: A\nmetadata: {name: a${i}}\n`).join("---\n");

    it.each([
      ["flow-style YAML", (d: number) => `${"[".repeat(d)}${"]".repeat(d)}`],
      ["JSON", (d: number) => `{"kind":"A","metadata":{"name":"a"},"data":${"[".repeat(d - 1)}${"]".repeat(d - 1)}}`],
      [
        "block-style YAML",
        (d: number) => `kind: A\nmetadata: {name: a}\ndata:\n${Array.from({ length: d - 1 }, (_, i) => `${"  ".repeat(i + 1)}k:`).join("\n")} v\n`,
      ],
      ["compact YAML sequences", (d: number) => `kind: A\nmetadata: {name: a}\ndata: ${"- ".repeat(d - 1)}x\n`.replace("data: -", "data:\n  -")],
    ])("refuses %s nested deeper than maxDepth, and reads it at maxDepth", async (_, nested) => {
      expect((await failure(nested(6), { maxDepth: 5 })).rawMessage).toBe("manifest document 1 nests deeper than 5 levels");
      expect((await failure(nested(6), { maxDepth: 5 })).code).toBe(Code.InvalidArgument);
      if (!nested(5).startsWith("[")) expect(await parseManifest(bytes(nested(5)), { ...defaults, maxDepth: 5 })).toHaveLength(1);
    });

    it("refuses a million nested brackets, YAML or JSON, without parsing them", async () => {
      expect((await failure("[".repeat(1_000_000))).rawMessage).toBe("manifest document 1 nests deeper than 100 levels");
      expect((await failure(`kind: A\nitems: ${"[".repeat(1_000_000)}`)).rawMessage).toBe("manifest document 1 nests deeper than 100 levels");
      expect((await failure(`kind: A\nitems:\n${"- ".repeat(1_000_000)}x`)).rawMessage).toBe("manifest document 1 nests deeper than 100 levels");
    });

    it("measures nesting that aliases build, and refuses an alias cycle", async () => {
      const stacked = "a: &a [[[[x]]]]\nb: &b [[[[*a]]]]\nc: [[[[*b]]]]\nkind: A\n";
      expect((await failure(stacked, { maxDepth: 10 })).rawMessage).toBe("manifest document 1 nests deeper than 10 levels");
      expect((await failure("kind: A\nloop: &l [*l]\n")).code).toBe(Code.InvalidArgument);
    });

    it("refuses more documents than maxDocuments, empty ones counted", async () => {
      expect((await failure(`${"---\n".repeat(5)}kind: A\n`, { maxDocuments: 4 })).rawMessage).toBe("manifest has more than 4 documents");
      expect((await failure('{"kind":"A"} {"kind":"B"} {"kind":"C"}', { maxDocuments: 2 })).rawMessage).toBe("manifest has more than 2 documents");
      expect(await names(objects(4))).toHaveLength(4);
    });

    it("gives the event loop back while it reads YAML, so other callers are not kept waiting", async () => {
      const keys = Array.from({ length: 20_000 }, (_, i) => `  k${i}: v`).join("\n");
      let turns = 0;
      let reading = true;
      const turn = () => {
        turns++;
        if (reading) setImmediate(turn);
      };
      setImmediate(turn);
      const documents = await parseManifest(bytes(`kind: A\nmetadata: {name: a}\ndata:\n${keys}\n---\nkind: B\n`), defaults);
      reading = false;
      expect(documents).toHaveLength(2);
      expect(turns).toBeGreaterThanOrEqual(2);
    });

    it("refuses more objects than maxObjects, List items counted", async () => {
      expect((await failure(objects(4), { maxObjects: 3 })).rawMessage).toBe("manifest has more than 3 objects, the most one call applies");
      const list = `kind: List\nitems:\n${Array.from({ length: 4 }, (_, i) => `- {kind: A, metadata: {name: a${i}}}`).join("\n")}\n`;
      expect((await failure(list, { maxObjects: 3 })).rawMessage).toBe("manifest has more than 3 objects, the most one call applies");
      expect(await parseManifest(bytes(objects(3)), { ...defaults, maxObjects: 3 })).toHaveLength(3);
    });
  });
});
