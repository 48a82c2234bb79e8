import { forbidden, invalid, required, tooLong, typeInvalid, type FieldError } from "./field-error.js";
import { dns1123LabelProblems, labelValueProblems, qualifiedNameProblems } from "./name-rules.js";
import { validateObjectName } from "./validate-object-name.js";

/** Largest total size (keys plus values, in bytes) of an object's annotations. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

// Finalizers Kubernetes itself defines; any other finalizer must be domain-qualified ("a.io/x").
const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/** What validateObjectMeta needs to know about the resource. */
export interface ObjectMetaOptions {
  /** Namespaced resources need `metadata.namespace`; cluster-scoped ones must not have one. */
  namespaced: boolean;
  /** The kind, for its name rule (see validateObjectName); a DNS-1123 subdomain when absent. */
  kind?: string;
}

/**
 * The metadata checks Kubernetes makes on create and update: a valid name (or a generateName
 * prefix when the store will generate one), namespace presence by scope, label keys and values,
 * annotation keys and their 256 KiB total size, finalizer names and owner references.
 */
export function validateObjectMeta(meta: unknown, options: ObjectMetaOptions): FieldError[] {
  if (meta === undefined || meta === null) return [required("metadata")];
  if (typeof meta !== "object" || Array.isArray(meta)) return [typeInvalid("metadata", meta, "object")];
  const m = meta as Record<string, unknown>;
  const errors: FieldError[] = [];
  const kind = options.kind ?? "";

  const name = m["name"];
  const generateName = m["generateName"];
  if (typeof name === "string" && name !== "") {
    errors.push(...validateObjectName(name, kind));
  } else if (name !== undefined && name !== null && typeof name !== "string") {
    errors.push(typeInvalid("metadata.name", name, "string"));
  } else if (typeof generateName === "string" && generateName !== "") {
    // The prefix is checked as a name without its trailing '-', which the generated suffix follows.
    errors.push(...validateObjectName(generateName.replace(/-$/, ""), kind, "metadata.generateName"));
  } else {
    errors.push({ ...required("metadata.name"), message: "Required value: name or generateName is required" });
  }

  const namespace = m["namespace"];
  if (options.namespaced) {
    if (typeof namespace !== "string" || namespace === "") errors.push(required("metadata.namespace"));
    else for (const p of dns1123LabelProblems(namespace)) errors.push(invalid("metadata.namespace", namespace, p));
  } else if (namespace !== undefined && namespace !== null && namespace !== "") {
    errors.push(forbidden("metadata.namespace", "not allowed on this type"));
  }

  errors.push(
    ...checkStringMap(m["labels"], "metadata.labels", (key, value, field) => [
      ...qualifiedNameProblems(key).map((p) => invalid(field, key, p)),
      ...labelValueProblems(value).map((p) => invalid(`${field}`, value, p)),
    ]),
  );

  let annotationBytes = 0;
  errors.push(
    ...checkStringMap(m["annotations"], "metadata.annotations", (key, value, field) => {
      annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
      return qualifiedNameProblems(key.toLowerCase()).map((p) => invalid(field, key, p));
    }),
  );
  if (annotationBytes > ANNOTATIONS_MAX_BYTES) errors.push(tooLong("metadata.annotations", ANNOTATIONS_MAX_BYTES, "bytes"));

  errors.push(...checkFinalizers(m["finalizers"]));
  errors.push(...checkOwnerReferences(m["ownerReferences"]));
  return errors;
}

function checkStringMap(value: unknown, field: string, checkEntry: (key: string, value: string, field: string) => FieldError[]): FieldError[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value)) return [typeInvalid(field, value, "object")];
  const errors: FieldError[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== "string") errors.push(typeInvalid(`${field}[${key}]`, entry, "string"));
    else errors.push(...checkEntry(key, entry, field));
  }
  return errors;
}

function checkFinalizers(value: unknown): FieldError[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [typeInvalid("metadata.finalizers", value, "array")];
  return value.flatMap((finalizer, i): FieldError[] => {
    const field = `metadata.finalizers[${i}]`;
    if (typeof finalizer !== "string") return [typeInvalid(field, finalizer, "string")];
    const problems = qualifiedNameProblems(finalizer);
    if (problems.length > 0) return problems.map((p) => invalid(field, finalizer, p));
    if (!finalizer.includes("/") && !STANDARD_FINALIZERS.has(finalizer)) {
      return [invalid(field, finalizer, "name is neither a standard finalizer name nor is it fully qualified")];
    }
    return [];
  });
}

function checkOwnerReferences(value: unknown): FieldError[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [typeInvalid("metadata.ownerReferences", value, "array")];
  const errors: FieldError[] = [];
  value.forEach((ref, i) => {
    const field = `metadata.ownerReferences[${i}]`;
    if (typeof ref !== "object" || ref === null || Array.isArray(ref)) {
      errors.push(typeInvalid(field, ref, "object"));
      return;
    }
    for (const member of ["apiVersion", "kind", "name", "uid"]) {
      const v = (ref as Record<string, unknown>)[member];
      if (typeof v !== "string" || v === "") errors.push(required(`${field}.${member}`));
    }
  });
  const controllers = value.filter((ref) => (ref as { controller?: unknown } | null)?.controller === true).length;
  if (controllers > 1) errors.push(invalid("metadata.ownerReferences", controllers, "Only one reference can have Controller set to true"));
  return errors;
}
