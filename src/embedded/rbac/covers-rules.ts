import type { PolicyRule } from "./types.js";

/**
 * Kubernetes' escalation check: true when every permission in `requestedRules` is held by some rule
 * in `ownerRules`, so a user may create a Role or binding with those rules without gaining anything.
 * See `uncoveredRules` for the comparison.
 */
export function coversRules(ownerRules: readonly PolicyRule[], requestedRules: readonly PolicyRule[]): boolean {
  return uncoveredRules(ownerRules, requestedRules).length === 0;
}

/**
 * The permissions of `requestedRules` that `ownerRules` do not cover, each as a single-verb,
 * single-group, single-resource (single-name) rule — for the message of a forbidden escalation.
 * As in Kubernetes, requested rules are broken down that way and each piece must be covered by one
 * owner rule: verbs/apiGroups by `*` or inclusion; resources by `*`, the same entry, or
 * `*\/subresource` for `resource/subresource`; resourceNames by an owner rule without names or one
 * that lists them (an owner rule restricted to names never covers an unrestricted request);
 * nonResourceURLs by the same path or a `prefix*`.
 */
export function uncoveredRules(ownerRules: readonly PolicyRule[], requestedRules: readonly PolicyRule[]): PolicyRule[] {
  const uncovered: PolicyRule[] = [];
  for (const requested of requestedRules) {
    for (const piece of breakDown(requested)) {
      if (!ownerRules.some((owner) => ruleCovers(owner, piece))) uncovered.push(piece);
    }
  }
  return uncovered;
}

function breakDown(rule: PolicyRule): PolicyRule[] {
  const pieces: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length === 0) pieces.push({ verbs: [verb], apiGroups: [group], resources: [resource] });
        for (const name of names) pieces.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) pieces.push({ verbs: [verb], nonResourceURLs: [url] });
  }
  return pieces;
}

function ruleCovers(owner: PolicyRule, piece: PolicyRule): boolean {
  const ownerNames = owner.resourceNames ?? [];
  const pieceNames = piece.resourceNames ?? [];
  return (
    coversAll(owner.verbs, piece.verbs) &&
    coversAll(owner.apiGroups ?? [], piece.apiGroups ?? []) &&
    resourcesCover(owner.resources ?? [], piece.resources ?? []) &&
    (ownerNames.length === 0 || (pieceNames.length > 0 && pieceNames.every((n) => ownerNames.includes(n)))) &&
    (piece.nonResourceURLs ?? []).every((path) => (owner.nonResourceURLs ?? []).some((o) => urlCovers(o, path)))
  );
}

function coversAll(owner: readonly string[], wanted: readonly string[]): boolean {
  return owner.includes("*") || wanted.every((w) => owner.includes(w));
}

function resourcesCover(owner: readonly string[], wanted: readonly string[]): boolean {
  if (owner.includes("*")) return true;
  return wanted.every((resource) => {
    if (owner.includes(resource)) return true;
    const slash = resource.indexOf("/");
    return slash >= 0 && owner.includes(`*/${resource.slice(slash + 1)}`);
  });
}

function urlCovers(owner: string, path: string): boolean {
  return owner === path || (owner.endsWith("*") && path.startsWith(owner.replace(/\*+$/, "")));
}
