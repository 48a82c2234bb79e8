import type { KubeConfig, RequestContext } from "@kubernetes/client-node";

/** Counts every HTTP request a KubeConfig authenticates: all client-node calls and watches go through it. */
export interface RequestCounter {
  /** Requests so far. */
  readonly total: number;
  /** Watch requests (`watch=true`) so far. */
  readonly watches: number;
  /** URLs of every request, in order. */
  readonly urls: readonly string[];
}

/**
 * Wraps `applySecurityAuthentication`, which client-node calls once per request it sends
 * (generated APIs, Watch, and kubeRequest alike), to count real requests to the API.
 */
export function countRequests(kubeConfig: KubeConfig): RequestCounter {
  const urls: string[] = [];
  const original = kubeConfig.applySecurityAuthentication.bind(kubeConfig);
  kubeConfig.applySecurityAuthentication = async (context: RequestContext) => {
    urls.push(context.getUrl());
    return original(context);
  };
  return {
    get total() {
      return urls.length;
    },
    get watches() {
      return urls.filter((u) => new URL(u).searchParams.get("watch") === "true").length;
    },
    urls,
  };
}
