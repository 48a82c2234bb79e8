import { invalid, required, type FieldError } from "./field-error.js";
import { dns1123LabelProblems, dns1123SubdomainProblems } from "./name-rules.js";

// Kinds whose names become DNS labels: a Namespace, and a Project, whose name is its namespace's.
const LABEL_NAMED_KINDS = new Set(["Namespace", "Project"]);
// RBAC objects only need a name that is a valid URL path segment, which is how ClusterRoles such as
// "system:controller:foo" exist.
const PATH_SEGMENT_NAMED_KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

/**
 * Checks an object's name as Kubernetes does for `kind`: a DNS-1123 label (≤63) for Namespaces and
 * Kargo Projects, a path segment (no "/" or "%", not "." or "..") for RBAC objects, and a DNS-1123
 * subdomain (≤253 lowercase alphanumerics, '-' and '.') for everything else.
 *
 * @param field the path to report, "metadata.name" unless checking a generateName prefix.
 */
export function validateObjectName(name: string | undefined, kind: string, field = "metadata.name"): FieldError[] {
  if (name === undefined || name === "") return [required(field)];
  let problems: string[];
  if (LABEL_NAMED_KINDS.has(kind)) problems = dns1123LabelProblems(name);
  else if (PATH_SEGMENT_NAMED_KINDS.has(kind)) problems = pathSegmentProblems(name);
  else problems = dns1123SubdomainProblems(name);
  return problems.map((p) => invalid(field, name, p));
}

function pathSegmentProblems(name: string): string[] {
  if (name === "." || name === "..") return [`may not be '${name}'`];
  const problems: string[] = [];
  for (const illegal of ["/", "%"]) if (name.includes(illegal)) problems.push(`may not contain '${illegal}'`);
  return problems;
}
