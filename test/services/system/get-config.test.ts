import { configFrom, sampleVersion, systemClient } from "./system-client.js";

describe("SystemService.GetConfig", () => {
  it("gives the namespaces, Argo CD shards and heartbeat interval from the configuration", async () => {
    const res = await systemClient(
      configFrom({
        ARGOCD_URLS: "https://argo.example.com,east=https://east.example.com",
        ARGOCD_NAMESPACE: "gitops",
        GLOBAL_SERVICE_ACCOUNT_NAMESPACES: "kargo,shared",
        WATCH_HEARTBEAT_INTERVAL: "1m30s",
        SECRET_MANAGEMENT_ENABLED: "false",
        ANALYSIS_RUN_LOG_URL_TEMPLATE: "https://logs.example.com/${{namespace}}",
      }),
      sampleVersion,
    ).getConfig({});
    expect(res).toMatchObject({
      secretManagementEnabled: false,
      systemResourcesNamespace: "kargo-system-resources",
      sharedResourcesNamespace: "kargo-shared-resources",
      kargoNamespace: "kargo",
      globalServiceAccountNamespaces: ["kargo", "shared"],
      watchHeartbeatInterval: "1m30s",
      hasAnalysisRunLogsUrlTemplate: true,
    });
    expect(res.argocdShards[""]).toMatchObject({ url: "https://argo.example.com", namespace: "gitops" });
    expect(res.argocdShards.east).toMatchObject({ url: "https://east.example.com", namespace: "gitops" });
  });

  it("reports the defaults when nothing is configured", async () => {
    const res = await systemClient(configFrom({}), sampleVersion).getConfig({});
    expect(res).toMatchObject({ secretManagementEnabled: true, watchHeartbeatInterval: "15s", hasAnalysisRunLogsUrlTemplate: false });
    expect(res.argocdShards).toEqual({});
  });
});
