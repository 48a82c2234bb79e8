// Valid objects of each Kargo kind, modelled on Kargo's quickstart (a demo project promoting an
// nginx image through test → uat → prod). Tests clone one and break one field at a time.

export const project = {
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "Project",
  metadata: { name: "kargo-demo" },
};

export const projectConfig = {
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "ProjectConfig",
  metadata: { name: "kargo-demo", namespace: "kargo-demo" },
  spec: {
    promotionPolicies: [
      { stage: "test", autoPromotionEnabled: true },
      {
        stageSelector: { matchLabels: { tier: "pre-prod" }, matchExpressions: [{ key: "region", operator: "In", values: ["eu"] }] },
        autoPromotionEnabled: true,
        autoRollback: { onPromotion: ["Failed", "Errored"], onVerification: ["Error"] },
      },
    ],
    webhookReceivers: [
      { name: "gh-push", github: { secretRef: { name: "gh-webhook-secret" } } },
      {
        name: "ci-refresh",
        generic: {
          secretRef: { name: "generic-secret" },
          actions: [{ action: "Refresh", targetSelectionCriteria: [{ kind: "Warehouse", name: "kargo-demo" }] }],
        },
      },
    ],
    stageLinks: [{ title: "Argo CD", url: "https://argocd.example.com/applications/kargo-demo-${{ ctx.stage }}" }],
  },
};

export const clusterConfig = {
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "ClusterConfig",
  metadata: { name: "cluster" },
  spec: {
    gitClient: { name: "Kargo", email: "kargo@example.com", signingKeySecret: { name: "gpg-key" } },
    webhookReceivers: [{ name: "hub", dockerhub: { secretRef: { name: "hub-secret" } } }],
    freightLinks: [{ title: "Release notes", url: "https://example.com/releases", description: "notes" }],
  },
};

export const warehouse = {
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "Warehouse",
  metadata: { name: "kargo-demo", namespace: "kargo-demo" },
  spec: {
    interval: "5m0s",
    freightCreationPolicy: "Automatic",
    subscriptions: [
      { image: { repoURL: "public.ecr.aws/nginx/nginx", constraint: "^1.29.0", discoveryLimit: 5, imageSelectionStrategy: "SemVer" } },
      { git: { repoURL: "https://github.com/example/kargo-demo-gitops.git", branch: "main", includePaths: ["base"] } },
      { chart: { repoURL: "oci://ghcr.io/example/charts/demo", semverConstraint: "^1.0.0" } },
    ],
  },
};

export const stage = {
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "Stage",
  metadata: { name: "uat", namespace: "kargo-demo" },
  spec: {
    vars: [{ name: "appName", value: "kargo-demo-uat" }],
    requestedFreight: [
      {
        origin: { kind: "Warehouse", name: "kargo-demo" },
        sources: { stages: ["test"], requiredSoakTime: "1h30m", availabilityStrategy: "OneOf", autoPromotionOptions: { selectionPolicy: "NewestFreight" } },
      },
    ],
    promotionTemplate: {
      spec: {
        steps: [
          { task: { name: "demo-promo-process" }, as: "promo-process" },
          { uses: "argocd-update", if: "${{ success() }}", retry: { errorThreshold: 3, timeout: "10m" }, config: { apps: [{ name: "x" }] } },
        ],
      },
    },
    verification: {
      analysisTemplates: [{ name: "smoke-test" }, { name: "global-check", kind: "ClusterAnalysisTemplate" }],
      analysisRunMetadata: { labels: { app: "demo" } },
      args: [{ name: "url", value: "https://uat.example.com" }],
    },
  },
};

export const freight = {
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "Freight",
  metadata: { name: "f1e6d2a9c3b4e5f60718293a4b5c6d7e8f901234", namespace: "kargo-demo" },
  alias: "frozen-tauntaun",
  origin: { kind: "Warehouse", name: "kargo-demo" },
  discoveredAt: "2026-11-20T10:15:30Z",
  images: [{ repoURL: "public.ecr.aws/nginx/nginx", tag: "1.29.1", digest: "sha256:0123abcd", annotations: { "org.opencontainers.image.source": "x" } }],
  commits: [{ repoURL: "https://github.com/example/kargo-demo-gitops.git", id: "a1b2c3d", branch: "main", message: "bump" }],
  charts: [{ repoURL: "oci://ghcr.io/example/charts/demo", version: "1.2.3" }],
  artifacts: [{ artifactType: "custom", subscriptionName: "my-sub", version: "v7", metadata: { anything: [1, 2] } }],
};

export const promotion = {
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "Promotion",
  metadata: { name: "uat.01jabcdefgh.f1e6d2a", namespace: "kargo-demo" },
  spec: {
    stage: "uat",
    freight: "f1e6d2a9c3b4e5f60718293a4b5c6d7e8f901234",
    vars: [{ name: "gitopsRepo", value: "https://github.com/example/kargo-demo-gitops.git" }],
    steps: [
      { uses: "git-clone", as: "clone", config: { repoURL: "${{ vars.gitopsRepo }}" } },
      { uses: "git-push", continueOnError: false, retry: { errorThreshold: 1 } },
    ],
  },
  status: { phase: "Running", currentStep: 1, startedAt: "2026-11-20T10:20:00.123Z" },
};

export const promotionTask = {
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "PromotionTask",
  metadata: { name: "demo-promo-process", namespace: "kargo-demo" },
  spec: {
    vars: [{ name: "gitopsRepo", value: "https://github.com/example/kargo-demo-gitops.git" }, { name: "imageRepo" }],
    steps: [
      { uses: "git-clone", config: { repoURL: "${{ vars.gitopsRepo }}", checkout: [{ branch: "main", path: "./src" }] } },
      { uses: "kustomize-set-image", as: "update", config: { path: "./src/base" } },
      { uses: "git-commit", as: "commit", config: { path: "./out", message: "${{ task.outputs.update.commitMessage }}" } },
    ],
  },
};

export const clusterPromotionTask = {
  apiVersion: "kargo.akuity.io/v1alpha1",
  kind: "ClusterPromotionTask",
  metadata: { name: "shared-process" },
  spec: { steps: [{ uses: "http", config: { url: "https://example.com/hook" } }] },
};

/** Each plural resource with its valid fixture. */
export const validObjects: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ["projects", project],
  ["projectconfigs", projectConfig],
  ["clusterconfigs", clusterConfig],
  ["warehouses", warehouse],
  ["stages", stage],
  ["freights", freight],
  ["promotions", promotion],
  ["promotiontasks", promotionTask],
  ["clusterpromotiontasks", clusterPromotionTask],
];
