/**
 * Semantic version of the kargo.api.v1 contract (the protos in proto/) that this code was built
 * from. It is the version of the client package (npm run pack:client) and what the server reports
 * as GetVersionInfo's `contract_version`. Bump it with every release (CHANGELOG.md): major for a
 * change `buf breaking` rejects, minor for additions, patch for fixes with no wire change.
 */
export const CONTRACT_VERSION = "1.0.0";
