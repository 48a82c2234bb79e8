import { createHash } from "node:crypto";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, parseDocument, isMap, isSeq } from "yaml";
import { readResponseBody } from "../http/read-response-body.js";
import { getBlob, getManifest, parseOciRef } from "./oci-registry.js";
import { readStepFile } from "./read-step-file.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepRunner } from "./step-types.js";

/** Largest repository index and chart archive read. */
export const CHART_INDEX_LIMIT = 16 * 1024 * 1024;
export const CHART_ARCHIVE_LIMIT = 64 * 1024 * 1024;
const HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

/**
 * `helm-update-chart`: for each `charts[] {repository, name, version}`, sets that dependency's
 * version in `<path>/Chart.yaml` (comments kept; a dependency not declared there fails the step)
 * and in `Chart.lock` when there is one, and vendors the chart as `charts/<name>-<version>.tgz`
 * (older archives of it removed) — what `helm dependency update` does, without a helm binary:
 * from an HTTP repository through its `index.yaml` (digest checked when listed), or from an
 * `oci://` registry (the chart layer). Chart.lock's `digest` is not recomputed. Output
 * `commitMessage`.
 */
export const helmUpdateChart: StepRunner = async (raw, context) => {
  const config = new StepConfig("helm-update-chart", raw);
  const chartPath = config.string("path");
  const dir = resolveWorkPath(context.workDir, chartPath, "helm-update-chart");
  const charts = config.list("charts", true).map((chart) => ({ repository: chart.string("repository"), name: chart.string("name"), version: chart.string("version"), chart }));
  const chartYaml = parseDocument(await readStepFile(config, join(dir, "Chart.yaml"), `${chartPath}/Chart.yaml`));
  if (chartYaml.errors.length > 0) config.fail(`${chartPath}/Chart.yaml is not valid YAML: ${chartYaml.errors[0]!.message}`);
  const lockText = await readStepFile(config, join(dir, "Chart.lock"), `${chartPath}/Chart.lock`).catch(() => undefined);
  const lock = lockText === undefined ? undefined : parseDocument(lockText);
  const lines: string[] = [];
  for (const { repository, name, version, chart } of charts) {
    const index = dependencyIndex(chartYaml, name, repository);
    if (index < 0) chart.fail(`Chart.yaml has no dependency "${name}" from "${repository}"`);
    chartYaml.setIn(["dependencies", index, "version"], version);
    if (lock) {
      const lockIndex = dependencyIndex(lock, name, repository);
      if (lockIndex >= 0) lock.setIn(["dependencies", lockIndex, "version"], version);
    }
    const archive = repository.startsWith("oci://") ? await fromOci(chart, repository, name, version, context.signal) : await fromHttp(chart, repository, name, version, context.signal);
    await mkdir(join(dir, "charts"), { recursive: true });
    for (const file of await readdir(join(dir, "charts"))) {
      if (file.startsWith(`${name}-`) && file.endsWith(".tgz")) await rm(join(dir, "charts", file));
    }
    await writeFile(join(dir, "charts", `${name}-${version}.tgz`), archive);
    lines.push(`- ${name}: ${version}`);
  }
  await writeFile(join(dir, "Chart.yaml"), chartYaml.toString());
  if (lock) await writeFile(join(dir, "Chart.lock"), lock.toString());
  return { output: { commitMessage: `Updated chart dependencies for ${chartPath}\n\n${lines.join("\n")}` } };
};

function dependencyIndex(document: ReturnType<typeof parseDocument>, name: string, repository: string): number {
  const deps = document.get("dependencies", true);
  if (!isSeq(deps)) return -1;
  const strip = (url: string) => url.replace(/\/+$/, "");
  return deps.items.findIndex((item) => isMap(item) && item.get("name") === name && strip(String(item.get("repository") ?? "")) === strip(repository));
}

async function fromHttp(chart: StepConfig, repository: string, name: string, version: string, signal: AbortSignal): Promise<Buffer> {
  if (!/^https?:\/\//.test(repository)) chart.fail(`repository "${repository}" must be an http(s):// or oci:// URL`);
  const base = repository.replace(/\/+$/, "");
  const response = await fetch(`${base}/index.yaml`, { signal });
  if (!response.ok) throw new Error(`${base}/index.yaml answered HTTP ${response.status}`);
  const index = parse((await readResponseBody(response, CHART_INDEX_LIMIT)).toString("utf8"), { maxAliasCount: 100 }) as { entries?: Record<string, { version?: string; urls?: string[]; digest?: string }[]> };
  const entry = index.entries?.[name]?.find((e) => e.version === version);
  if (!entry?.urls?.[0]) chart.fail(`chart "${name}" version ${version} is not in ${base}/index.yaml`);
  const url = new URL(entry!.urls![0]!, `${base}/`);
  const download = await fetch(url, { signal });
  if (!download.ok) throw new Error(`${url.href} answered HTTP ${download.status}`);
  const archive = await readResponseBody(download, CHART_ARCHIVE_LIMIT);
  if (entry!.digest && createHash("sha256").update(archive).digest("hex") !== entry!.digest) throw new Error(`${url.href} does not match the digest in the repository index`);
  return archive;
}

async function fromOci(chart: StepConfig, repository: string, name: string, version: string, signal: AbortSignal): Promise<Buffer> {
  const ref = `${repository.replace(/^oci:\/\//, "").replace(/\/+$/, "")}/${name}:${version}`;
  const parsed = parseOciRef(new StepConfig("helm-update-chart", { ref }).at("charts"), "ref");
  const manifest = await getManifest(chart, parsed, signal);
  const layer = (manifest.json.layers ?? []).find((l) => l.mediaType === HELM_CHART_LAYER);
  if (!layer) chart.fail(`${ref} is not a Helm chart (no ${HELM_CHART_LAYER} layer)`);
  return getBlob(parsed, layer!, signal);
}
