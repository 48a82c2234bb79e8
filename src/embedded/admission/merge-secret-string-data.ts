import type { KubeObject } from "../store/types.js";
import { badRequest } from "../api/api-error.js";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function stringMap(secret: KubeObject, field: "data" | "stringData"): Record<string, string> | undefined {
  const value = secret[field];
  if (value === undefined || value === null) return undefined;
  const ok = typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");
  // Kubernetes' typed decoder rejects these shapes with 400 before anything else looks at them.
  if (!ok) throw badRequest(`Secret.${field} must be a map of strings`);
  return value as Record<string, string>;
}

/**
 * Kubernetes' Secret write semantics: `data` values must be base64 (400 otherwise, as the decoder
 * answers); `stringData` is a write-only convenience whose entries are base64-encoded into `data`
 * (overriding keys present in both) and which is never stored.
 */
export function mergeSecretStringData(secret: KubeObject): KubeObject {
  const data = stringMap(secret, "data");
  for (const [key, value] of Object.entries(data ?? {})) {
    if (!BASE64.test(value)) throw badRequest(`Secret.data[${key}] is not valid base64`);
  }
  const stringData = stringMap(secret, "stringData");
  if (stringData === undefined) return secret;
  const { stringData: _dropped, ...rest } = secret;
  const merged = { ...data };
  for (const [key, value] of Object.entries(stringData)) merged[key] = Buffer.from(value).toString("base64");
  return { ...rest, data: merged } as KubeObject;
}
