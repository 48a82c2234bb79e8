/**
 * A small pipeline as a Kargo manifest: a Project, a Warehouse of one image (manual Freight
 * creation, so nothing is discovered over the network) and Stages "test" (Freight direct from the
 * Warehouse) → "uat" (Freight verified in test), whose promotions run two `compose-output` steps
 * (steps the embedded promotion runner executes without any repository).
 */
export function pipelineManifest(project: string): string {
  const stage = (name: string, sources: string) => `---
apiVersion: kargo.akuity.io/v1alpha1
kind: Stage
metadata:
  name: ${name}
  namespace: ${project}
spec:
  requestedFreight:
  - origin:
      kind: Warehouse
      name: images
    sources:
${sources}
  promotionTemplate:
    spec:
      steps:
      - uses: compose-output
        as: prepare
        config:
          stage: ${name}
      - uses: compose-output
        as: announce
        config:
          message: promoted
`;
  return `apiVersion: kargo.akuity.io/v1alpha1
kind: Project
metadata:
  name: ${project}
---
apiVersion: kargo.akuity.io/v1alpha1
kind: Warehouse
metadata:
  name: images
  namespace: ${project}
spec:
  freightCreationPolicy: Manual
  subscriptions:
  - image:
      repoURL: registry.example.org/app
${stage("test", "      direct: true")}${stage("uat", "      stages:\n      - test")}`;
}
