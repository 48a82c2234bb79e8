import { stringify } from "yaml";

const API_VERSION = "kargo.akuity.io/v1alpha1";

/** What `kargo-api init` builds a pipeline from (flags or answers to its prompts). */
export interface PipelineSpec {
  readonly project: string;
  /** Git repository the Warehouse subscribes to and promotions write to (branch `stage/<project>/<stage>`). */
  readonly gitRepo?: string;
  readonly gitBranch: string;
  /** Directory of the repository copied to each stage branch ("." for all of it). */
  readonly path: string;
  /** Container image repository the Warehouse subscribes to. */
  readonly image?: string;
  /** Stage names in order; each takes Freight from the one before (the first from the Warehouse). */
  readonly stages: readonly string[];
  /** Auto-promote new Freight into the first Stage. */
  readonly autoPromote: boolean;
}

/**
 * The Kargo objects of a new project's pipeline, as manifest documents: the Project, a ProjectConfig
 * (auto-promotion into the first Stage), a Warehouse on the Git repository and/or the image, and the
 * Stages in a line, each with promotion steps the embedded runner (and Kargo) execute:
 * - with a Git repository: git-clone (the Freight's commit, and the branch `stage/<project>/<stage>`,
 *   named after the project too so that pipelines sharing a repository never push to one branch),
 *   git-clear, copy of the chosen directory, kustomize-set-image when there is an image, git-commit,
 *   git-push — the quickstart's shape, rendered per Stage onto its own branch;
 * - with an image only: compose-output recording the image reference the Stage runs.
 */
export function pipelineObjects(spec: PipelineSpec): Record<string, unknown>[] {
  const { project } = spec;
  const meta = (name: string) => ({ name, namespace: project });
  const warehouse = project;
  const subscriptions: Record<string, unknown>[] = [];
  if (spec.gitRepo) subscriptions.push({ git: { repoURL: spec.gitRepo, branch: spec.gitBranch, discoveryLimit: 10 } });
  if (spec.image) subscriptions.push({ image: { repoURL: spec.image, discoveryLimit: 10 } });
  const imageRef = spec.image ? `\${{ imageFrom("${spec.image}").RepoURL }}:\${{ imageFrom("${spec.image}").Tag }}` : "";
  const steps: Record<string, unknown>[] = spec.gitRepo
    ? [
        {
          uses: "git-clone",
          config: {
            repoURL: spec.gitRepo,
            checkout: [
              { commit: `\${{ commitFrom("${spec.gitRepo}").ID }}`, path: "./src" },
              { branch: `stage/${project}/\${{ ctx.stage }}`, create: true, path: "./out" },
            ],
          },
        },
        { uses: "git-clear", config: { path: "./out" } },
        { uses: "copy", config: { inPath: spec.path === "." ? "./src" : `./src/${spec.path}`, outPath: "./out" } },
        ...(spec.image
          ? [
              {
                uses: "kustomize-set-image",
                as: "update-image",
                config: { path: "./out", images: [{ image: spec.image, tag: `\${{ imageFrom("${spec.image}").Tag }}` }] },
              },
            ]
          : []),
        { uses: "git-commit", as: "commit", config: { path: "./out", message: "Promote Freight ${{ ctx.targetFreight.name }} to ${{ ctx.stage }}" } },
        { uses: "git-push", config: { path: "./out" } },
      ]
    : [{ uses: "compose-output", as: "deployed", config: { image: imageRef, stage: "${{ ctx.stage }}" } }];
  return [
    { apiVersion: API_VERSION, kind: "Project", metadata: { name: project } },
    ...(spec.autoPromote
      ? [
          {
            apiVersion: API_VERSION,
            kind: "ProjectConfig",
            metadata: meta(project),
            spec: { promotionPolicies: [{ stage: spec.stages[0], autoPromotionEnabled: true }] },
          },
        ]
      : []),
    { apiVersion: API_VERSION, kind: "Warehouse", metadata: meta(warehouse), spec: { interval: "5m0s", subscriptions } },
    ...spec.stages.map((stage, i) => ({
      apiVersion: API_VERSION,
      kind: "Stage",
      metadata: meta(stage),
      spec: {
        requestedFreight: [{ origin: { kind: "Warehouse", name: warehouse }, sources: i === 0 ? { direct: true } : { stages: [spec.stages[i - 1]] } }],
        promotionTemplate: { spec: { steps } },
      },
    })),
  ];
}

/** The objects as one multi-document YAML manifest. */
export function pipelineManifest(spec: PipelineSpec): string {
  return pipelineObjects(spec)
    .map((o) => `---\n${stringify(o)}`)
    .join("");
}
