import { decodeJsonToken, encodeJsonToken } from "../../util/json-token.js";
import type { AfterKey } from "./object-table.js";

/** What a list continue token carries: the type, where the previous page ended, the list's version. */
export interface ContinuePosition {
  /** "group/resource" of the listed type, so a token cannot be replayed against another type. */
  type: string;
  /** The resourceVersion of the first page; every page of one list reports it. */
  resourceVersion: number;
  after: AfterKey;
  /**
   * How many objects of the type came after `after` when the previous page was read, and the
   * store's version at that moment: the next page derives its remainingItemCount from them
   * instead of counting the rest again, as long as the type has not changed since. `namespaced`:
   * counted within `after.namespace` only (a namespace's list) rather than across namespaces.
   */
  remaining?: { count: number; at: number; namespaced: boolean };
}

/** Encodes the position as an opaque token (base64url JSON, versioned so the format may change). */
export function encodeContinueToken(position: ContinuePosition): string {
  const payload = {
    v: 1,
    t: position.type,
    rv: position.resourceVersion,
    ns: position.after.namespace,
    n: position.after.name,
    ...(position.remaining ? { rc: position.remaining.count, ra: position.remaining.at, rn: position.remaining.namespaced } : {}),
  };
  return encodeJsonToken(payload);
}

/** Decodes a token from encodeContinueToken; undefined when it is not one. */
export function decodeContinueToken(token: string): ContinuePosition | undefined {
  const payload = decodeJsonToken(token);
  if (
    payload.v !== 1 ||
    typeof payload.t !== "string" ||
    !Number.isSafeInteger(payload.rv) ||
    typeof payload.ns !== "string" ||
    typeof payload.n !== "string"
  ) {
    return undefined;
  }
  const position: ContinuePosition = {
    type: payload.t,
    resourceVersion: payload.rv as number,
    after: { namespace: payload.ns, name: payload.n },
  };
  // Optional (tokens issued before it existed lack it); a malformed one is only ignored: the
  // next page then counts the rest itself.
  if (Number.isSafeInteger(payload.rc) && Number.isSafeInteger(payload.ra) && (payload.rc as number) >= 0 && typeof payload.rn === "boolean") {
    position.remaining = { count: payload.rc as number, at: payload.ra as number, namespaced: payload.rn };
  }
  return position;
}
