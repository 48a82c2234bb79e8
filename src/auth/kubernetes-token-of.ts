import type { KubernetesIdentity } from "./identity.js";

// The verified bearer token of a Kubernetes identity is needed once more, to make the
// SelfSubjectAccessReview as the caller. It is kept beside the identity rather than in it so that
// logging or serializing an identity can never leak it.
const tokens = new WeakMap<KubernetesIdentity, string>();

/** Remembers the (already verified) bearer token a Kubernetes identity authenticated with. */
export function attachKubernetesToken(identity: KubernetesIdentity, token: string): KubernetesIdentity {
  tokens.set(identity, token);
  return identity;
}

/** The verified bearer token of a Kubernetes identity, or undefined when none was attached. */
export function kubernetesTokenOf(identity: KubernetesIdentity): string | undefined {
  return tokens.get(identity);
}
