import { Code, ConnectError } from "@connectrpc/connect";

/**
 * Bounds on one ResourceService call's manifest, applied while it is read (parse-manifest.ts) and
 * applied (apply-manifest.ts), so that no manifest costs more than they allow. Set from
 * MAX_NESTING_DEPTH and the MANIFEST_* settings.
 */
export interface ManifestLimits {
  /** Deepest nesting of arrays/objects in one document (MAX_NESTING_DEPTH). */
  readonly maxDepth: number;
  /** Most documents in a YAML stream or JSON values in a row, empty ones included (MANIFEST_MAX_DOCUMENTS). */
  readonly maxDocuments: number;
  /** Most objects one call applies, List items counted one by one (MANIFEST_MAX_OBJECTS). */
  readonly maxObjects: number;
  /** Most alias expansions in one YAML document (MANIFEST_MAX_ALIASES): refuses "billion laughs". */
  readonly maxAliases: number;
  /** Time one call may spend applying objects; those left get `deadline_exceeded` (MANIFEST_TIMEOUT). */
  readonly timeoutMs: number;
}

/** Document `index` (from 0) nests deeper than the limit. */
export function tooDeep(index: number, limits: ManifestLimits): ConnectError {
  return new ConnectError(`manifest document ${index + 1} nests deeper than ${limits.maxDepth} levels`, Code.InvalidArgument);
}

/** The manifest has more documents than the limit. */
export function tooManyDocuments(limits: ManifestLimits): ConnectError {
  return new ConnectError(`manifest has more than ${limits.maxDocuments} documents`, Code.InvalidArgument);
}
