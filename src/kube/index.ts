/**
 * The Kubernetes data path of the API server (docs/architecture.md): the registry of
 * resource types, typed access for writes and uncached reads, the one mapping of Kubernetes
 * errors to Connect codes, API discovery, informer caches for reads, and the watch hub for Watch* RPCs.
 */
export { RESOURCES, apiVersionOf, resourcePath, resourceTypeOf, type ResourceName, type ResourceType } from "./kargo-resources.js";
export { objectKey, type KubeList, type KubeObject, type KubeObjectMeta } from "./kube-object.js";
export { kubeRequest, kubeRequestObserverOf, observeKubeRequests, type KubeRequest, type KubeRequestObserver } from "./kube-request.js";
export {
  createKubeClient,
  type CallOptions,
  type DeleteOptions,
  type JsonPatchOperation,
  type KubeClient,
  type KubeClientOptions,
  type ListOptions,
  type ObjectRef,
  type PatchOptions,
  type WriteOptions,
} from "./kube-client.js";
export {
  createKubeDiscovery,
  findInDiscovery,
  type ApiResource,
  type DiscoveryReadOptions,
  type GroupVersionResources,
  type KubeDiscovery,
  type KubeDiscoveryOptions,
} from "./kube-discovery.js";
export { kubeConfigWithToken, selfSubjectAccessReview, subjectAccessReview, tokenReview } from "./kube-reviews.js";
export { describeTarget, errorTargetOf, type ErrorTarget } from "./error-target.js";
export { toConnectError } from "./to-connect-error.js";
export { assertValidKargoObject } from "./assert-valid-kargo-object.js";
export { compareResourceVersions, newerResourceVersion } from "./compare-resource-versions.js";
export { isSharedMessage, toMessage } from "./to-message.js";
export { rawObject } from "./raw-object.js";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, paginate, type Page, type PageRequest } from "./paginate.js";
export {
  createCustomObjectClient,
  createKargoClient,
  createRolloutsClient,
  isNotFound,
  type CustomObjectClient,
  type KargoClient,
  type ObjectClientOptions,
  type RolloutsClient,
} from "./object-clients.js";
export { createKubeCaches, type KubeCaches, type KubeCachesOptions } from "./cache/kube-caches.js";
export type { IndexFunction, ResourceCache } from "./cache/resource-cache.js";
export type { CacheEvent, CacheListener } from "./cache/cache-event.js";
export { createWatchHub, type WatchHub, type WatchHubOptions } from "./watch/watch-hub.js";
export { serveWatch, watchEventType, type WatchContext } from "./watch/serve-watch.js";
export { watchHandOffKey, type CallEnd, type LiveWatch, type WatchHandOff } from "./watch/watch-hand-off.js";
export type { SubscribeOptions, WatchEvent, WatchRequest } from "./watch/watch-event.js";
export { ExpiredResourceVersionError, isExpiredResourceVersionError } from "./watch/expired-resource-version-error.js";
export { WatchBufferOverflowError, isWatchBufferOverflowError } from "./watch/watch-buffer-overflow-error.js";
