import { DESCRIPTION_ANNOTATION } from "../../domain/well-known-keys.js";
import type { KubeObject } from "../../kube/index.js";
import { REDACTED } from "../../rbac/index.js";

/** Options of {@link redactSecret}. */
export interface RedactOptions {
  /** Data keys whose values are not secret and are shown decoded (e.g. repoURL, username). */
  readonly clearKeys?: readonly string[];
  /** Annotations shown as they are; every other annotation's value is redacted. */
  readonly clearAnnotations?: readonly string[];
}

/**
 * The raw form of a Secret for responses (docs/api-behaviour.md, CredentialsService): `data` removed, a
 * `stringData` map instead (keys of both) with the clear keys decoded and every other value "*** REDACTED ***";
 * annotation values redacted except the clear ones (an annotation such as
 * kubectl's last-applied-configuration can hold the whole Secret). A new object: the input, often
 * a frozen cache entry, is not touched.
 */
export function redactSecret(secret: KubeObject, options: RedactOptions = {}): KubeObject {
  const clearKeys = new Set(options.clearKeys ?? []);
  const clearAnnotations = new Set([DESCRIPTION_ANNOTATION, ...(options.clearAnnotations ?? [])]);
  const { data, stringData: _stringData, metadata, ...rest } = secret as KubeObject & { data?: Record<string, string>; stringData?: unknown };
  const stringData: Record<string, string> = {};
  // A manifest's Secret (a delete answers with it) may carry `stringData` in clear: its keys are
  // shown like those of `data`, its values redacted all the same.
  for (const [key, value] of Object.entries((_stringData ?? {}) as Record<string, unknown>)) {
    stringData[key] = clearKeys.has(key) && typeof value === "string" ? value : REDACTED;
  }
  for (const [key, value] of Object.entries(data ?? {})) {
    stringData[key] = clearKeys.has(key) ? Buffer.from(value, "base64").toString("utf8") : REDACTED;
  }
  const annotations = metadata.annotations
    ? Object.fromEntries(Object.entries(metadata.annotations).map(([k, v]) => [k, clearAnnotations.has(k) ? v : REDACTED]))
    : undefined;
  const { managedFields: _managedFields, ...meta } = metadata;
  return { ...rest, metadata: { ...meta, ...(annotations ? { annotations } : {}) }, stringData };
}

/** A Secret's data value, decoded; undefined when absent. */
export function secretValue(secret: KubeObject, key: string): string | undefined {
  const value = (secret["data"] as Record<string, string> | undefined)?.[key];
  return value === undefined ? undefined : Buffer.from(value, "base64").toString("utf8");
}
