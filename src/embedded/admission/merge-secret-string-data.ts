import type { KubeObject } from "../store/types.js";

/**
 * Kubernetes' Secret write semantics: `stringData` is a write-only convenience whose entries are
 * base64-encoded into `data` (overriding keys present in both) and which is never stored.
 */
export function mergeSecretStringData(secret: KubeObject): KubeObject {
  const stringData = secret["stringData"] as Record<string, string> | undefined;
  if (stringData === undefined) return secret;
  const { stringData: _dropped, ...rest } = secret;
  const data = { ...((secret["data"] as Record<string, string> | undefined) ?? {}) };
  for (const [key, value] of Object.entries(stringData ?? {})) data[key] = Buffer.from(String(value)).toString("base64");
  return { ...rest, data } as KubeObject;
}
