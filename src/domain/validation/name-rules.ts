/**
 * Kubernetes' naming rules (apimachinery's validation package), written as small predicates that
 * return the problems found so callers can turn them into field errors or parse errors.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Label names and values allow upper case, '_' and '.' inside, but must start and end alphanumeric.
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Longest DNS-1123 subdomain (most object names, label key prefixes). */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** Longest DNS-1123 label (namespace names, Service names). */
export const DNS1123_LABEL_MAX_LENGTH = 63;
/** Longest label value and the name part of a qualified name. */
export const LABEL_VALUE_MAX_LENGTH = 63;

/** Problems with `value` as a DNS-1123 subdomain (lowercase alphanumerics, '-', '.'; ≤253). */
export function dns1123SubdomainProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) {
    problems.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX_LENGTH} characters`);
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    problems.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
        "and must start and end with an alphanumeric character",
    );
  }
  return problems;
}

/** Problems with `value` as a DNS-1123 label (lowercase alphanumerics and '-'; ≤63). */
export function dns1123LabelProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS1123_LABEL_MAX_LENGTH) {
    problems.push(`must be no more than ${DNS1123_LABEL_MAX_LENGTH} characters`);
  }
  if (!DNS1123_LABEL.test(value)) {
    problems.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " + "and must start and end with an alphanumeric character",
    );
  }
  return problems;
}

/**
 * Problems with `value` as a qualified name — the syntax of label keys and annotation keys:
 * an optional DNS-1123 subdomain prefix and '/', then a name of ≤63 alphanumerics, '-', '_', '.'
 * that starts and ends alphanumeric.
 */
export function qualifiedNameProblems(value: string): string[] {
  const parts = value.split("/");
  let name: string;
  const problems: string[] = [];
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    name = rest;
    if (prefix.length === 0) {
      problems.push("prefix part must be non-empty");
    } else {
      for (const p of dns1123SubdomainProblems(prefix)) problems.push(`prefix part ${p}`);
    }
  } else {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end " +
        "with an alphanumeric character, with an optional DNS subdomain prefix and '/'",
    ];
  }
  if (name.length === 0) {
    problems.push("name part must be non-empty");
  } else {
    if (name.length > LABEL_VALUE_MAX_LENGTH) {
      problems.push(`name part must be no more than ${LABEL_VALUE_MAX_LENGTH} characters`);
    }
    if (!QUALIFIED_NAME_PART.test(name)) {
      problems.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end " + "with an alphanumeric character");
    }
  }
  return problems;
}

/** Problems with `value` as a label value: empty, or ≤63 characters of the qualified-name alphabet. */
export function labelValueProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > LABEL_VALUE_MAX_LENGTH) {
    problems.push(`must be no more than ${LABEL_VALUE_MAX_LENGTH} characters`);
  }
  if (!LABEL_VALUE.test(value)) {
    problems.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
        "and must start and end with an alphanumeric character",
    );
  }
  return problems;
}
