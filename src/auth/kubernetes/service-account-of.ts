const PREFIX = "system:serviceaccount:";

/** The ServiceAccount a Kubernetes username names (`system:serviceaccount:<ns>:<name>`), if any. */
export function serviceAccountOf(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(PREFIX)) {
    return undefined;
  }
  const [namespace, name, ...rest] = username.slice(PREFIX.length).split(":");
  if (namespace === undefined || name === undefined || namespace === "" || name === "" || rest.length > 0) {
    return undefined;
  }
  return { namespace, name };
}
