import { any, arr, bool, int, obj, str, type ObjectSchema } from "../schema.js";

// The fields of Argo Rollouts' analysis kinds (argoproj.io/v1alpha1) the embedded analysis
// controller reads, with the CRDs' types; other fields and providers are stored unchecked.

/** count, failureLimit … are IntOrString in the CRD (a string may hold `{{args.x}}`). */
const intOrString = () => any();

const webProvider = obj({
  url: str(),
  method: str({ enum: ["GET", "POST", "PUT"] }),
  headers: arr(obj({ key: str(), value: str() }, { required: ["key", "value"] })),
  body: str(),
  jsonBody: any(),
  jsonPath: str(),
  timeoutSeconds: int({ format: "int64" }),
  insecure: bool(),
});

const prometheusProvider = obj({ address: str(), query: str(), timeout: int({ format: "int64" }) });

const metric = obj(
  {
    name: str({ minLength: 1 }),
    interval: str(),
    initialDelay: str(),
    count: intOrString(),
    successCondition: str(),
    failureCondition: str(),
    failureLimit: intOrString(),
    inconclusiveLimit: intOrString(),
    consecutiveErrorLimit: intOrString(),
    provider: obj({ web: webProvider, prometheus: prometheusProvider }),
  },
  { required: ["name", "provider"] },
);

const argument = obj(
  {
    name: str({ minLength: 1 }),
    value: str(),
    valueFrom: obj({
      secretKeyRef: obj({ name: str(), key: str() }, { required: ["name", "key"] }),
      fieldRef: obj({ fieldPath: str() }, { required: ["fieldPath"] }),
    }),
  },
  { required: ["name"] },
);

const analysisSpec = (extra: Record<string, ReturnType<typeof bool>> = {}) =>
  obj(
    {
      args: arr(argument),
      metrics: arr(metric),
      dryRun: arr(obj({ metricName: str() }, { required: ["metricName"] })),
      measurementRetention: arr(obj({ metricName: str(), limit: int({ format: "int32" }) }, { required: ["metricName", "limit"] })),
      ...extra,
    },
    { required: ["metrics"] },
  );

/** AnalysisTemplate and ClusterAnalysisTemplate. */
export const analysisTemplateSchema: ObjectSchema = obj({ apiVersion: str(), kind: str(), spec: analysisSpec() }, { required: ["spec"] });

/** AnalysisRun: a template's spec plus `terminate`. */
export const analysisRunSchema: ObjectSchema = obj({ apiVersion: str(), kind: str(), spec: analysisSpec({ terminate: bool() }) }, { required: ["spec"] });

/** Our description of each Argo Rollouts analysis kind, by plural resource name. */
export const ROLLOUTS_SCHEMAS: Readonly<Record<string, ObjectSchema>> = {
  analysistemplates: analysisTemplateSchema,
  clusteranalysistemplates: analysisTemplateSchema,
  analysisruns: analysisRunSchema,
};
