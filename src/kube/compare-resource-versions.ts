const INTEGER = /^\d+$/;

/**
 * Orders two resourceVersions: negative, zero or positive like a comparator, or undefined when
 * they cannot be ordered. Kubernetes calls resourceVersions opaque; the embedded API issues
 * increasing integers and a real cluster's are etcd revisions, integers in practice. We rely on
 * that (as the watch cache of kube-apiserver itself does) to resume watches and to order events;
 * when either is not an integer only equality is known.
 */
export function compareResourceVersions(a: string, b: string): number | undefined {
  if (a === b) return 0;
  if (!INTEGER.test(a) || !INTEGER.test(b)) return undefined;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The newer of two versions (the second when they cannot be ordered: it arrived later). */
export function newerResourceVersion(current: string, candidate: string): string {
  if (current === "") return candidate;
  const order = compareResourceVersions(candidate, current);
  return order === undefined || order > 0 ? candidate : current;
}
