// Every element of the kargo.api.v1 API carries a doc comment: buf lint
// STANDARD does not check this, so this test does, on a buf-built image with
// source info.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import type { DescriptorProto, EnumDescriptorProto, FileDescriptorProto } from "@bufbuild/protobuf/wkt";

const root = fileURLToPath(new URL("../../", import.meta.url));

function buildImage(): FileDescriptorProto[] {
  const dir = mkdtempSync(join(tmpdir(), "kargo-proto-"));
  try {
    const out = join(dir, "image.binpb");
    execFileSync(join(root, "node_modules/.bin/buf"), ["build", "--exclude-imports", "--path", "proto/kargo", "-o", out], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
    });
    return fromBinary(FileDescriptorSetSchema, readFileSync(out)).file;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lists "file: element" for every element without a leading comment. */
function uncommented(file: FileDescriptorProto): string[] {
  const comments = new Map<string, string>();
  for (const location of file.sourceCodeInfo?.location ?? []) {
    comments.set(location.path.join("."), location.leadingComments.trim());
  }
  const missing: string[] = [];
  const check = (path: number[], what: string) => {
    if (!comments.get(path.join("."))) missing.push(`${file.name}: ${what}`);
  };
  const checkEnum = (e: EnumDescriptorProto, path: number[], prefix: string) => {
    check(path, `enum ${prefix}${e.name}`);
    e.value.forEach((v, i) => check([...path, 2, i], `enum value ${v.name}`));
  };
  const checkMessage = (m: DescriptorProto, path: number[], prefix: string) => {
    if (m.options?.mapEntry) return;
    const name = `${prefix}${m.name}`;
    check(path, `message ${name}`);
    m.field.forEach((f, i) => check([...path, 2, i], `field ${name}.${f.name}`));
    m.oneofDecl.forEach((o, i) => {
      // A proto3 optional field's synthetic oneof has no source of its own.
      if (!m.field.some((f) => f.oneofIndex === i && f.proto3Optional)) check([...path, 8, i], `oneof ${name}.${o.name}`);
    });
    m.nestedType.forEach((n, i) => checkMessage(n, [...path, 3, i], `${name}.`));
    m.enumType.forEach((e, i) => checkEnum(e, [...path, 4, i], `${name}.`));
  };
  file.messageType.forEach((m, i) => checkMessage(m, [4, i], ""));
  file.enumType.forEach((e, i) => checkEnum(e, [5, i], ""));
  file.service.forEach((s, i) => {
    check([6, i], `service ${s.name}`);
    s.method.forEach((m, j) => check([6, i, 2, j], `rpc ${s.name}.${m.name}`));
  });
  return missing;
}

describe("the kargo.api.v1 protos", () => {
  const files = buildImage();

  it("are all in package kargo.api.v1 under kargo/api/v1/", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) {
      expect(file.package).toBe("kargo.api.v1");
      expect(file.name).toMatch(/^kargo\/api\/v1\/[a-z_]+\.proto$/);
    }
  });

  it("document every service, RPC, message, field, oneof, enum and enum value", () => {
    expect(files.flatMap(uncommented)).toEqual([]);
  });

  it("never import Kubernetes' own protos", () => {
    const imports = files.flatMap((file) => file.dependency);
    expect(imports.filter((d) => !d.startsWith("kargo/api/v1/") && !d.startsWith("google/protobuf/"))).toEqual([]);
  });

  it("never use 64-bit integers, whose JSON form is a string", () => {
    const int64Types = new Set([3, 4, 6, 16, 18]); // INT64, UINT64, FIXED64, SFIXED64, SINT64
    const wide = (m: DescriptorProto, prefix: string): string[] => [
      ...m.field.filter((f) => int64Types.has(f.type)).map((f) => `${prefix}${m.name}.${f.name}`),
      ...m.nestedType.flatMap((n) => wide(n, `${prefix}${m.name}.`)),
    ];
    expect(files.flatMap((file) => file.messageType.flatMap((m) => wide(m, "")))).toEqual([]);
  });
});
