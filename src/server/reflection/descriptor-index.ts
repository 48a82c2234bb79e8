import { toBinary, type DescFile, type DescService } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

/**
 * What gRPC server reflection answers from: the files behind the served
 * services and, transitively, every file they import (the google.protobuf
 * well-known types included), indexed by file name and by symbol.
 */
export interface DescriptorIndex {
  /** Fully-qualified names of the served services, sorted. */
  readonly serviceNames: readonly string[];
  /** The file with this name ("kargo/api/v1/system_service.proto"). */
  fileByName(name: string): DescFile | undefined;
  /** The file declaring this fully-qualified symbol (service, method, message, field, enum, enum value, extension). */
  fileBySymbol(symbol: string): DescFile | undefined;
  /** A file and everything it imports, transitively, each once, serialized as FileDescriptorProto. */
  serializedWithDependencies(file: DescFile): Uint8Array[];
}

/**
 * Builds the index for the given services, plus `extraFiles` that no service imports but clients
 * meet anyway (the google.rpc.BadRequest error detail).
 */
export function createDescriptorIndex(services: readonly DescService[], extraFiles: readonly DescFile[] = []): DescriptorIndex {
  const files = new Map<string, DescFile>();
  const symbols = new Map<string, DescFile>();
  const serialized = new Map<DescFile, Uint8Array>();

  const addFile = (file: DescFile): void => {
    if (files.has(file.proto.name)) {
      return;
    }
    files.set(file.proto.name, file);
    for (const type of nestedTypes(file)) {
      symbols.set(type.typeName, file);
      switch (type.kind) {
        case "message":
          for (const field of type.fields) symbols.set(`${type.typeName}.${field.name}`, file);
          for (const oneof of type.oneofs) symbols.set(`${type.typeName}.${oneof.name}`, file);
          break;
        case "enum": {
          // Enum values are scoped like their enum's siblings in protobuf, but tools ask both ways.
          const scope = type.typeName.slice(0, type.typeName.lastIndexOf(".") + 1);
          for (const value of type.values) {
            symbols.set(`${scope}${value.name}`, file);
            symbols.set(`${type.typeName}.${value.name}`, file);
          }
          break;
        }
        case "service":
          for (const method of type.methods) symbols.set(`${type.typeName}.${method.name}`, file);
          break;
      }
    }
    file.dependencies.forEach(addFile);
  };
  services.forEach((s) => addFile(s.file));
  extraFiles.forEach(addFile);

  const serialize = (file: DescFile): Uint8Array => {
    let bytes = serialized.get(file);
    if (bytes === undefined) {
      bytes = toBinary(FileDescriptorProtoSchema, file.proto);
      serialized.set(file, bytes);
    }
    return bytes;
  };

  return {
    serviceNames: [...new Set(services.map((s) => s.typeName))].sort(),
    fileByName: (name) => files.get(name),
    fileBySymbol: (symbol) => symbols.get(symbol.replace(/^\./, "")),
    serializedWithDependencies(file) {
      const out: DescFile[] = [];
      const visit = (f: DescFile) => {
        if (!out.includes(f)) {
          out.push(f);
          f.dependencies.forEach(visit);
        }
      };
      visit(file);
      return out.map(serialize);
    },
  };
}
