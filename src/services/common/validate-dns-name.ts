import { Code, ConnectError } from "@connectrpc/connect";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * INVALID_ARGUMENT unless `value` is an RFC 1123 DNS label (what a Namespace name must be, so a
 * project name too): ≤63 characters, lower-case alphanumerics and '-', alphanumeric at both ends.
 */
export function validateDnsLabel(value: string, field: string): void {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw new ConnectError(
      `${field} "${value}" is not a valid DNS label: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
      Code.InvalidArgument,
    );
  }
}

/** INVALID_ARGUMENT unless `value` is an RFC 1123 DNS subdomain (Kargo object names): ≤253, labels joined by '.'. */
export function validateDnsSubdomain(value: string, field: string): void {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw new ConnectError(
      `${field} "${value}" is not a valid name: at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`,
      Code.InvalidArgument,
    );
  }
}
