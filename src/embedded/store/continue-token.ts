import type { AfterKey } from "./object-table.js";

/** What a list continue token carries: the type, where the previous page ended, the list's version. */
export interface ContinuePosition {
  /** "group/resource" of the listed type, so a token cannot be replayed against another type. */
  type: string;
  /** The resourceVersion of the first page; every page of one list reports it. */
  resourceVersion: number;
  after: AfterKey;
}

/** Encodes the position as an opaque token (base64url JSON, versioned so the format may change). */
export function encodeContinueToken(position: ContinuePosition): string {
  const payload = { v: 1, t: position.type, rv: position.resourceVersion, ns: position.after.namespace, n: position.after.name };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

/** Decodes a token from encodeContinueToken; undefined when it is not one. */
export function decodeContinueToken(token: string): ContinuePosition | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Record<string, unknown>;
    if (
      payload.v !== 1 ||
      typeof payload.t !== "string" ||
      !Number.isSafeInteger(payload.rv) ||
      typeof payload.ns !== "string" ||
      typeof payload.n !== "string"
    ) {
      return undefined;
    }
    return { type: payload.t, resourceVersion: payload.rv as number, after: { namespace: payload.ns, name: payload.n } };
  } catch {
    return undefined;
  }
}
