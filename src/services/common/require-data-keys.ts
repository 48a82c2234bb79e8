import { Code, ConnectError } from "@connectrpc/connect";

const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * INVALID_ARGUMENT naming the first data key Kubernetes would refuse in a Secret or ConfigMap
 * (alphanumerics, '-', '_' or '.'; at most 253 characters; not "." or ".."): checked here so the
 * message names the request field whatever the cluster's validation says (the embedded control
 * plane does not check keys).
 */
export function requireDataKeys(keys: readonly string[], field = "data"): void {
  for (const key of keys) {
    if (!DATA_KEY.test(key) || key.length > 253 || key === "." || key === "..") {
      throw new ConnectError(`${field}[${JSON.stringify(key)}]: a valid key must consist of alphanumeric characters, '-', '_' or '.'`, Code.InvalidArgument);
    }
  }
}
