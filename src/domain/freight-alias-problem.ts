/** Kubernetes' label value syntax: what `kargo.akuity.io/alias` (and so an alias) must satisfy. */
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/u;

/**
 * Why a Freight alias is unacceptable, or undefined when it is fine. An alias is mirrored into
 * the label `kargo.akuity.io/alias`, so it must be a label value: at most 63 characters,
 * alphanumerics with `-`, `_` or `.` inside. Kargo checks nothing else; we also refuse the empty
 * alias where one is being set (UpdateFreightAlias), since an empty label cannot identify Freight.
 */
export function freightAliasProblem(alias: string): string | undefined {
  if (alias === "") return "an alias must not be empty";
  if (alias.length > 63) return `alias "${alias}" is longer than 63 characters`;
  if (!LABEL_VALUE.test(alias)) {
    return `alias "${alias}" must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}
