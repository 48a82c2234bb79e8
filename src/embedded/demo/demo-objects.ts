/** The demo project's name (`npm start -- --demo` seeds `kargo-demo`). */
export const DEMO_PROJECT = "kargo-demo";
const API_VERSION = "kargo.akuity.io/v1alpha1";
const STAGES = [
  { name: "test", sources: { direct: true } },
  { name: "uat", sources: { stages: ["test"] } },
  { name: "prod", sources: { stages: ["uat"] } },
] as const;

/**
 * The demo's Kargo objects (besides the Project), in creation order: a ProjectConfig that
 * auto-promotes to test, a Warehouse on the demo repository's main branch, a PromotionTask in the
 * quickstart's shape built from the steps the embedded engine runs (git-clone → git-clear → copy →
 * kustomize-set-image → yaml-update → git-commit → git-push to `stage/<stage>`), and the Stages
 * test → uat → prod using it.
 */
export function demoObjects(repoURL: string): { plural: "projectconfigs" | "warehouses" | "promotiontasks" | "stages"; body: Record<string, unknown> }[] {
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: DEMO_PROJECT, ...extra });
  const stageDir = "./out/stages/${{ ctx.stage }}";
  return [
    {
      plural: "projectconfigs",
      body: {
        apiVersion: API_VERSION,
        kind: "ProjectConfig",
        metadata: meta(DEMO_PROJECT),
        spec: { promotionPolicies: [{ stage: "test", autoPromotionEnabled: true }] },
      },
    },
    {
      plural: "warehouses",
      body: {
        apiVersion: API_VERSION,
        kind: "Warehouse",
        metadata: meta(DEMO_PROJECT),
        spec: { interval: "1m0s", subscriptions: [{ git: { repoURL, branch: "main", discoveryLimit: 10 } }] },
      },
    },
    {
      plural: "promotiontasks",
      body: {
        apiVersion: API_VERSION,
        kind: "PromotionTask",
        metadata: meta("demo-promo-process"),
        spec: {
          vars: [
            { name: "gitopsRepo", value: repoURL },
            { name: "imageRepo", value: "nginx" },
            { name: "imageTag", value: "1.27.0" },
          ],
          steps: [
            {
              uses: "git-clone",
              config: {
                repoURL: "${{ vars.gitopsRepo }}",
                checkout: [
                  { commit: "${{ commitFrom(vars.gitopsRepo).ID }}", path: "./src" },
                  { branch: "stage/${{ ctx.stage }}", create: true, path: "./out" },
                ],
              },
            },
            { uses: "git-clear", config: { path: "./out" } },
            { uses: "copy", config: { inPath: "./src/base", outPath: "./out/base" } },
            { uses: "copy", config: { inPath: "./src/stages/${{ ctx.stage }}", outPath: stageDir } },
            {
              uses: "kustomize-set-image",
              as: "update",
              config: { path: stageDir, images: [{ image: "${{ vars.imageRepo }}", tag: "${{ vars.imageTag }}" }] },
            },
            {
              uses: "yaml-update",
              config: {
                path: `${stageDir}/kustomization.yaml`,
                updates: [
                  { key: "commonAnnotations.kargo\\.akuity\\.io/freight", value: "${{ ctx.targetFreight.name }}" },
                  { key: "commonAnnotations.demo/source-commit", value: "${{ commitFrom(vars.gitopsRepo).ID }}" },
                ],
              },
            },
            {
              uses: "git-commit",
              as: "commit",
              config: {
                path: "./out",
                message: "${{ task.outputs.update.commitMessage }}\n\nFreight ${{ ctx.targetFreight.name }}, promotion ${{ ctx.promotion }}",
              },
            },
            { uses: "git-push", config: { path: "./out" } },
          ],
        },
      },
    },
    ...STAGES.map(({ name, sources }) => ({
      plural: "stages" as const,
      body: {
        apiVersion: API_VERSION,
        kind: "Stage",
        metadata: meta(name),
        spec: {
          requestedFreight: [{ origin: { kind: "Warehouse", name: DEMO_PROJECT }, sources }],
          promotionTemplate: { spec: { steps: [{ task: { name: "demo-promo-process" }, as: "promo-process" }] } },
        },
      },
    })),
  ];
}
