import type { NonResourceAttributes, PolicyRule, ResourceAttributes } from "./types.js";

/**
 * True when one PolicyRule allows a request, with Kubernetes' matching rules:
 * - verbs: exact, or `*`. Any string is a verb, so custom verbs (`promote`, `bind`, `escalate`,
 *   `impersonate`) work like the built-in ones.
 * - apiGroups: exact ("" is core), or `*`.
 * - resources: `*` matches everything including subresources; otherwise the rule entry must equal
 *   `resource` or `resource/subresource`; `*\/subresource` matches that subresource of any resource.
 *   `resource/*` is NOT a wildcard in Kubernetes: it matches only a subresource literally named `*`.
 * - resourceNames: no restriction when empty; otherwise the request must name one of them, so a
 *   request without a name (list, watch, create, deletecollection) never matches such a rule.
 * - nonResourceURLs: `*`, an exact path, or a prefix ending in `*` (`/healthz/*`). A resource
 *   request is matched against apiGroups/resources only, a non-resource request against
 *   nonResourceURLs only.
 */
export function ruleAllows(rule: PolicyRule, attributes: ResourceAttributes | NonResourceAttributes): boolean {
  if (!verbMatches(rule, attributes.verb)) return false;
  if ("path" in attributes) return nonResourceURLMatches(rule, attributes.path);
  return (
    (rule.apiGroups ?? []).some((g) => g === "*" || g === attributes.group) &&
    resourceMatches(rule, attributes.resource, attributes.subresource ?? "") &&
    resourceNameMatches(rule, attributes.name ?? "")
  );
}

function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === "*" || v === verb);
}

function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource === "" ? resource : `${resource}/${subresource}`;
  return (rule.resources ?? []).some((r) => r === "*" || r === combined || (subresource !== "" && r === `*/${subresource}`));
}

function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((url) => url === "*" || url === path || (url.endsWith("*") && path.startsWith(url.replace(/\*+$/, ""))));
}
