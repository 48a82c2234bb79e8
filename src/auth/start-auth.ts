import type { Interceptor } from "@connectrpc/connect";
import type { BodyGate } from "../server/http/body-gate.js";
import type { KubeConfig } from "@kubernetes/client-node";
import type { KubeCaches } from "../kube/index.js";
import type { AdminAccount } from "./admin/admin-account.js";
import type { AdminTokenOptions } from "./admin/admin-token-options.js";
import { describeAdminPasswordSource, type AdminPasswordSource } from "./admin/admin-password-source.js";
import { adminTokenKey } from "./admin/admin-token-key.js";
import { hashAdminPassword, loadOrCreateAdminCredentials } from "./admin/load-or-create-admin-credentials.js";
import { createLoginRateLimiter, type LoginRateLimiter } from "./admin/login-rate-limiter.js";
import type { AuthSettings } from "./auth-settings.js";
import { createAuthenticate } from "./authenticate.js";
import { authorizationTable } from "./authorization/authorization-table.js";
import { clearDecisionsOnRbacChanges } from "./authorization/clear-decisions-on-rbac-changes.js";
import { createAccessReviewer } from "./authorization/create-access-reviewer.js";
import { createAuthorizationInterceptor } from "./authorization/create-authorization-interceptor.js";
import { createAuthorizer } from "./authorization/create-authorizer.js";
import { createDecisionCache, type CacheStats } from "./authorization/create-decision-cache.js";
import type { ClaimsIndex } from "./claims-index/claims-index.js";
import { feedClaimsIndex } from "./claims-index/feed-claims-index.js";
import { createAuthenticationGate } from "./create-authentication-gate.js";
import { createAuthenticationInterceptor } from "./create-authentication-interceptor.js";
import { cacheTokenReviews } from "./kubernetes/cache-token-reviews.js";
import { createTokenReviewer } from "./kubernetes/create-token-reviewer.js";
import { createOidcVerifier } from "./oidc/create-oidc-verifier.js";

/** What startAuth needs besides its settings. */
export interface StartAuthDeps {
  /** The server's Kubernetes access: TokenReviews and access reviews. */
  readonly kubeConfig: KubeConfig;
  /**
   * The server's shared informer caches: the claims index follows their ServiceAccounts and
   * Namespaces, and their ServiceAccount and RBAC events invalidate the authentication and
   * authorization caches (on every replica alike).
   */
  readonly caches: KubeCaches;
  /**
   * Called once, on the first embedded start, with the generated admin password so it can be shown
   * to the operator; it is never logged by the auth module.
   */
  readonly onGeneratedAdminPassword?: (password: string) => void;
}

/** Running authentication and authorization. */
export interface RunningAuth {
  /** For the server's interceptor list, in this order: authentication, then authorization. */
  readonly interceptors: readonly Interceptor[];
  /**
   * For the server's HTTP layer: authentication before the request body is read (the same
   * verification as the interceptor, which then reuses its outcome).
   */
  readonly bodyGate: BodyGate;
  /** The enabled admin account (AuthService.AdminLogin's); undefined when disabled. */
  readonly adminAccount: AdminAccount | undefined;
  /** AdminLogin's limiter of failed attempts (src/services/auth builds AuthService from these). */
  readonly loginRateLimiter: LoginRateLimiter;
  readonly claimsIndex: ClaimsIndex;
  /**
   * Where the admin password in effect came from, and the start log's sentence for it; undefined
   * when the admin account is disabled. Never the password.
   */
  readonly adminPassword?: { readonly source: AdminPasswordSource; readonly describe: string };
  /**
   * Forgets a cached acceptance of a Kubernetes token (DeleteAPIToken, DeleteRole), so revocation
   * applies to this server's next request rather than after AUTHORIZATION_CACHE_TTL.
   */
  forgetKubernetesToken(token: string): void;
  /** Hit and miss counts of the access-decision and TokenReview caches (operator metrics). */
  readonly cacheStats: { readonly decisions: CacheStats; readonly tokenReviews: CacheStats };
  /** Stops following the caches. */
  stop(): Promise<void>;
}

/**
 * Builds authentication (admin tokens, OIDC ID tokens, TokenReview) and authorization (the table,
 * access reviews, the claims index) from settings, and resolves once the claims index has its
 * initial lists.
 */
export async function startAuth(settings: AuthSettings, deps: StartAuthDeps): Promise<RunningAuth> {
  const resolved = await adminAccount(settings, deps.onGeneratedAdminPassword);
  const admin = resolved?.account;
  const oidc = settings.oidc.enabled
    ? createOidcVerifier({
        issuerUrl: settings.oidc.issuerUrl,
        clientIds: [settings.oidc.clientId, settings.oidc.cliClientId].filter((id) => id !== ""),
        usernameClaim: settings.oidc.usernameClaim,
        jwksCooldownMs: settings.oidc.jwksCooldownMs,
      })
    : undefined;
  // Accepted Kubernetes tokens are trusted as long as access decisions are: one setting for how
  // stale an answer from Kubernetes may be. A ServiceAccount's deletion (seen by the claims
  // index's informer) and a 401 from an access review made with the token end that trust at once.
  const reviewToken = cacheTokenReviews(createTokenReviewer(deps.kubeConfig), { ttlMs: settings.authorizationCacheTtlMs });
  // A deleted ServiceAccount, or one whose token DeleteAPIToken revoked on any replica, ends the
  // trust at once; so does a relist of the ServiceAccounts (a deletion may have been missed).
  const claims = await feedClaimsIndex(deps.caches, settings.globalServiceAccountNamespaces, {
    onServiceAccountTokensRevoked: (namespace, name) => reviewToken.forgetServiceAccount(namespace, name),
    onResync: () => reviewToken.forgetAll(),
  });
  // Verified admin and OIDC tokens are reused for as long (and never past their exp): a token
  // signed with an OIDC key the provider has since removed works at most that much longer.
  const authenticate = createAuthenticate({
    admin: admin?.token,
    oidc,
    reviewToken,
    verifiedTokenCache: { maxAgeMs: settings.verifiedTokenCacheMaxAgeMs ?? settings.authorizationCacheTtlMs },
  });
  const decisions = createDecisionCache({ ttlMs: settings.authorizationCacheTtlMs });
  const stopClearingDecisions = await clearDecisionsOnRbacChanges(deps.caches, decisions);
  const authorize = createAuthorizer({
    reviewer: createAccessReviewer(deps.kubeConfig),
    claimsIndex: claims.index,
    cache: decisions,
    forgetToken: (token) => reviewToken.forget(token),
  });
  return {
    interceptors: [
      createAuthenticationInterceptor(authenticate),
      createAuthorizationInterceptor({ table: authorizationTable, authorize, namespaces: settings.namespaces }),
    ],
    bodyGate: createAuthenticationGate(authenticate),
    adminAccount: admin,
    loginRateLimiter: createLoginRateLimiter(settings.loginRateLimit),
    claimsIndex: claims.index,
    ...(resolved !== undefined ? { adminPassword: { source: resolved.passwordSource, describe: resolved.describe } } : {}),
    forgetKubernetesToken: (token) => reviewToken.forget(token),
    cacheStats: { decisions: decisions.stats, tokenReviews: reviewToken.stats },
    stop: async () => {
      claims.stop();
      stopClearingDecisions();
    },
  };
}

/** The admin account in effect and where its password came from. */
interface ResolvedAdminAccount {
  readonly account: AdminAccount;
  readonly passwordSource: AdminPasswordSource;
  readonly describe: string;
}

async function adminAccount(settings: AuthSettings, onGenerated: ((password: string) => void) | undefined): Promise<ResolvedAdminAccount | undefined> {
  const { admin } = settings;
  if (!admin.enabled) {
    return undefined;
  }
  const given = {
    ...(admin.password !== undefined ? { password: admin.password } : {}),
    ...(admin.passwordHash !== undefined ? { passwordHash: admin.passwordHash } : {}),
    ...(admin.tokenSigningKey !== undefined ? { signingKey: new TextEncoder().encode(admin.tokenSigningKey) } : {}),
  };
  let passwordHash: string;
  let signingKey: Uint8Array;
  let passwordSource: AdminPasswordSource;
  let file: string | undefined;
  if (settings.dataDir !== undefined) {
    // Embedded mode: whatever is not configured comes from (or is generated into) the data directory,
    // and the hash in effect is always kept there for the next start.
    const stored = await loadOrCreateAdminCredentials(settings.dataDir, given);
    ({ passwordHash, signingKey, source: passwordSource, file } = stored);
    if (stored.generatedPassword !== undefined) {
      onGenerated?.(stored.generatedPassword);
    }
  } else {
    if ((given.password === undefined && given.passwordHash === undefined) || given.signingKey === undefined) {
      throw new Error("the admin account needs a password (or hash) and a token signing key outside embedded mode");
    }
    signingKey = given.signingKey;
    passwordSource = given.passwordHash !== undefined ? "env-hash" : "env-password";
    passwordHash = given.passwordHash ?? (await hashAdminPassword(given.password!, signingKey));
  }
  const token: AdminTokenOptions = {
    // Bound to the password hash: a new password invalidates the admin tokens of the old one.
    signingKey: adminTokenKey(signingKey, passwordHash),
    issuer: admin.tokenIssuer,
    audience: admin.tokenAudience,
    ttlSeconds: Math.max(1, Math.round(admin.tokenTtlMs / 1000)),
  };
  return { account: { passwordHash, token }, passwordSource, describe: describeAdminPasswordSource(passwordSource, file) };
}
