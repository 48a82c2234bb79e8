import { createHash } from "node:crypto";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, parseDocument, isMap, isSeq } from "yaml";
import { chartLockDigest, renderChartLock, type ChartDependency, type LockedDependency } from "./chart-lock.js";
import { readResponseBody } from "../http/read-response-body.js";
import { LOOPBACK_HOST } from "../registry/registry-client.js";
import { fetchManifest, openOciRef } from "./oci-registry.js";
import { readStepFile } from "./read-step-file.js";
import { resolveWorkPath } from "./resolve-work-path.js";
import { StepConfig } from "./step-config.js";
import type { StepContext, StepRunner } from "./step-types.js";

/** Largest repository index and chart archive read. */
export const CHART_INDEX_LIMIT = 16 * 1024 * 1024;
export const CHART_ARCHIVE_LIMIT = 64 * 1024 * 1024;
const HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

/**
 * `helm-update-chart`: for each `charts[] {repository, name, version}`, sets that dependency's
 * version in `<path>/Chart.yaml` (comments kept; a dependency not declared there fails the step),
 * vendors the chart as `charts/<name>-<version>.tgz` (older archives of it removed) and writes
 * `Chart.lock` — what `helm dependency update` does, without a helm binary: from an HTTP
 * repository through its `index.yaml` (digest checked when listed), or from an `oci://` registry
 * (the chart layer). Chart.lock locks every dependency of Chart.yaml (see lockedDependencies) with
 * Helm's digest (chartLockDigest); as Helm, an unchanged digest leaves the file untouched. Output
 * `commitMessage`.
 */
export const helmUpdateChart: StepRunner = async (raw, context) => {
  const config = new StepConfig("helm-update-chart", raw);
  const chartPath = config.string("path");
  const dir = resolveWorkPath(context.workDir, chartPath, "helm-update-chart");
  const charts = config
    .list("charts", true)
    .map((chart) => ({ repository: chart.string("repository"), name: chart.string("name"), version: chart.string("version"), chart }));
  const chartYaml = parseDocument(await readStepFile(config, join(dir, "Chart.yaml"), `${chartPath}/Chart.yaml`));
  if (chartYaml.errors.length > 0) config.fail(`${chartPath}/Chart.yaml is not valid YAML: ${chartYaml.errors[0]!.message}`);
  const lockText = await readStepFile(config, join(dir, "Chart.lock"), `${chartPath}/Chart.lock`).catch(() => undefined);
  let oldLock: { digest?: unknown; dependencies?: unknown } | null | undefined;
  try {
    oldLock = lockText === undefined ? undefined : (parse(lockText, { maxAliasCount: 100 }) as typeof oldLock);
  } catch (error) {
    config.fail(`${chartPath}/Chart.lock is not valid YAML: ${(error as Error).message}`);
  }
  const lines: string[] = [];
  for (const { repository, name, version, chart } of charts) {
    const index = dependencyIndex(chartYaml, name, repository);
    if (index < 0) chart.fail(`Chart.yaml has no dependency "${name}" from "${repository}"`);
    chartYaml.setIn(["dependencies", index, "version"], version);
    const archive = repository.startsWith("oci://")
      ? await fromOci(chart, repository, name, version, context)
      : await fromHttp(chart, repository, name, version, context);
    await mkdir(join(dir, "charts"), { recursive: true });
    for (const file of await readdir(join(dir, "charts"))) {
      if (file.startsWith(`${name}-`) && file.endsWith(".tgz")) await rm(join(dir, "charts", file));
    }
    await writeFile(join(dir, "charts", `${name}-${version}.tgz`), archive);
    lines.push(`- ${name}: ${version}`);
  }
  const requested = (chartYaml.toJS() as { dependencies: ChartDependency[] }).dependencies.map(
    (d) => ({ ...d, version: d.version === undefined ? undefined : String(d.version) }) as ChartDependency,
  );
  const locked = lockedDependencies(config, requested, charts, oldLock?.dependencies);
  const digest = chartLockDigest(requested, locked);
  await writeFile(join(dir, "Chart.yaml"), chartYaml.toString());
  if (oldLock?.digest !== digest) await writeFile(join(dir, "Chart.lock"), renderChartLock(locked, digest, new Date()));
  return { output: { commitMessage: `Updated chart dependencies for ${chartPath}\n\n${lines.join("\n")}` } };
};

/**
 * The version each dependency of Chart.yaml is locked at, in Chart.yaml's order (as Helm's
 * resolver lists them): the version this step sets; else the one the previous Chart.lock locked
 * for the same name and repository; else Chart.yaml's own version when it is exact. A version
 * range nothing locks yet would need resolving against its repository, which this step does only
 * for the charts it is given: it fails naming the dependency.
 */
function lockedDependencies(
  config: StepConfig,
  requested: readonly ChartDependency[],
  charts: readonly { name: string; repository: string; version: string }[],
  previous: unknown,
): LockedDependency[] {
  const strip = (url: string) => url.replace(/\/+$/, "");
  const same = (a: { name?: unknown; repository?: unknown }, b: { name: string; repository: string }) =>
    a.name === b.name && strip(String(a.repository ?? "")) === strip(b.repository);
  const oldLocked = Array.isArray(previous) ? (previous as { name?: unknown; repository?: unknown; version?: unknown }[]) : [];
  return requested.map((dependency) => {
    const given = charts.find((chart) => same(chart, dependency));
    const old = oldLocked.find((entry) => entry !== null && typeof entry === "object" && same(entry, dependency) && entry.version !== undefined);
    const version =
      given?.version ??
      (old ? String(old.version) : dependency.version && /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/.test(dependency.version) ? dependency.version : undefined);
    if (version === undefined)
      config.fail(`Chart.yaml dependency "${dependency.name}" has the range "${dependency.version ?? ""}" and no Chart.lock entry; list it in config.charts`);
    return { name: dependency.name, version, repository: dependency.repository };
  });
}

function dependencyIndex(document: ReturnType<typeof parseDocument>, name: string, repository: string): number {
  const deps = document.get("dependencies", true);
  if (!isSeq(deps)) return -1;
  const strip = (url: string) => url.replace(/\/+$/, "");
  return deps.items.findIndex((item) => isMap(item) && item.get("name") === name && strip(String(item.get("repository") ?? "")) === strip(repository));
}

/**
 * A chart from an HTTP(S) repository: its `index.yaml` entry, then the archive (digest checked when
 * listed). The project's `helm` credentials for the repository go as Basic to the repository's own
 * origin only (never to an archive URL elsewhere, as Helm without `--pass-credentials`), and over
 * plain HTTP only on loopback, as discovery sends them.
 */
async function fromHttp(chart: StepConfig, repository: string, name: string, version: string, context: StepContext): Promise<Buffer> {
  if (!/^https?:\/\//.test(repository)) chart.fail(`repository "${repository}" must be an http(s):// or oci:// URL`);
  const base = repository.replace(/\/+$/, "");
  const origin = new URL(base).origin;
  const credentials = await context.registryCredentials?.("helm", repository);
  const headersFor = (url: URL): Record<string, string> =>
    credentials && url.origin === origin && (url.protocol === "https:" || LOOPBACK_HOST.test(url.hostname))
      ? { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}` }
      : {};
  const get = async (url: URL): Promise<Response> => {
    const response = await fetch(url, { headers: headersFor(url), signal: context.signal });
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel().catch(() => {});
      throw new Error(
        credentials ? `chart repository ${base} rejected the stored credentials` : `chart repository ${base} requires credentials and none are stored for it`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw new Error(`${url.href} answered HTTP ${response.status}`);
    }
    return response;
  };
  const indexUrl = new URL(`${base}/index.yaml`);
  const index = parse((await readResponseBody(await get(indexUrl), CHART_INDEX_LIMIT)).toString("utf8"), { maxAliasCount: 100 }) as {
    entries?: Record<string, { version?: string; urls?: string[]; digest?: string }[]>;
  };
  const entry = index?.entries?.[name]?.find((e) => e.version === version);
  if (!entry?.urls?.[0]) chart.fail(`chart "${name}" version ${version} is not in ${base}/index.yaml`);
  const url = new URL(entry!.urls![0]!, `${base}/`);
  const archive = await readResponseBody(await get(url), CHART_ARCHIVE_LIMIT);
  if (entry!.digest && createHash("sha256").update(archive).digest("hex") !== entry!.digest)
    throw new Error(`${url.href} does not match the digest in the repository index`);
  return archive;
}

async function fromOci(chart: StepConfig, repository: string, name: string, version: string, context: StepContext): Promise<Buffer> {
  // Helm stores `+` in a version as `_` in the OCI tag.
  const ref = `${repository.replace(/\/+$/, "")}/${name}:${version.replaceAll("+", "_")}`;
  const opened = await openOciRef(new StepConfig("helm-update-chart", { ref }).at("charts"), "ref", context);
  const manifest = await fetchManifest(chart, opened, opened.reference, context.signal);
  const layer = (manifest.json.layers ?? []).find((l) => l.mediaType === HELM_CHART_LAYER);
  if (!layer) chart.fail(`${ref} is not a Helm chart (no ${HELM_CHART_LAYER} layer)`);
  return opened.client.getBlob(layer!.digest, CHART_ARCHIVE_LIMIT, context.signal);
}
