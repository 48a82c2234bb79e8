/**
 * Who made a request, as established by authentication. Plain data: safe to log field by field
 * (it never holds the bearer token; see kubernetes-token-of.ts for why and where that lives).
 */
export type Identity = AdminIdentity | OidcIdentity | KubernetesIdentity;

/** The built-in admin account (admin JWT). Its requests skip access reviews. */
export interface AdminIdentity {
  readonly kind: "admin";
  readonly subject: "admin";
  /** When the admin token expires. */
  readonly expiresAt?: Date;
}

/** A user signed in through the OpenID provider; permissions come from mapped ServiceAccounts. */
export interface OidcIdentity {
  readonly kind: "oidc";
  /** The ID token's `sub`. */
  readonly subject: string;
  /** Name of the claim used as username (OIDC_USERNAME_CLAIM, default "email"). */
  readonly usernameClaim: string;
  /** Value of that claim; empty when the token lacks it. */
  readonly username: string;
  /** Every claim of the verified ID token. */
  readonly claims: Readonly<Record<string, unknown>>;
  readonly expiresAt?: Date;
}

/**
 * A caller whose bearer token the Kubernetes API accepted (TokenReview): API tokens and other
 * ServiceAccount tokens, or users of the cluster's own identity provider.
 */
export interface KubernetesIdentity {
  readonly kind: "kubernetes";
  /** Kubernetes username, e.g. "system:serviceaccount:demo:ci". */
  readonly username: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  /** Set when the username is a ServiceAccount's. */
  readonly serviceAccount?: { readonly namespace: string; readonly name: string };
  readonly expiresAt?: Date;
}
