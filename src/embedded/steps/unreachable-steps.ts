import { StepFailure, type StepRunner } from "./step-types.js";

/** Why each Kargo step that needs a system the embedded engine cannot reach fails, and what to use instead. */
export const UNREACHABLE_STEPS: Readonly<Record<string, string>> = {
  "argocd-update":
    "needs an Argo CD API server, which the embedded control plane cannot reach; commit rendered manifests with git-commit and git-push for your deployment tool to sync, or run Kargo on a cluster with Argo CD",
  "argocd-wait":
    "needs an Argo CD API server, which the embedded control plane cannot reach; verify the deployment with a Stage verification (web or prometheus AnalysisTemplate) instead",
  "git-open-pr":
    "needs a Git hosting provider's API (GitHub, GitLab, Bitbucket …), which the embedded engine has no client for; push to the target branch with git-push instead",
  "git-wait-for-pr":
    "needs a Git hosting provider's API to watch a pull request, which the embedded engine has no client for; push to the target branch with git-push instead",
  "git-merge-pr":
    "needs a Git hosting provider's API to merge a pull request, which the embedded engine has no client for; push to the target branch with git-push instead",
  "github-push": "needs the GitHub API (signed commits through GitHub), which the embedded engine has no client for; use git-push",
  "helm-template":
    "needs the helm binary, which this engine does not run; commit rendered manifests, or use kustomize-build (with kustomize's helmCharts) instead",
};

/** A runner that fails the promotion with the step's reason. */
export function unreachableStep(uses: string): StepRunner {
  return async () => {
    throw new StepFailure(
      `step "${uses}" cannot run in the embedded engine: it ${UNREACHABLE_STEPS[uses] ?? "needs a system the embedded engine cannot reach"}`,
    );
  };
}
