// Pieces shared by the glue pod and the task pods (server URLs, API credentials, file mounts), so both read them the same way.
import { FIXED } from './names';
import { Origins } from './origins';
import { Json } from './plain-data';
import { ResolvedFileMount, ResolvedValues } from './resolve';
export type EnvVar = { name: string; value?: string; valueFrom?: unknown };
/** The three server URLs, as the glue, the init container and the task pods read them. */
export function serverEnv(v: ResolvedValues): EnvVar[] {
  const g = v.agentk8sglue;
  return [{ name: 'CLEARML_API_HOST', value: g.apiServerUrlReference }, { name: 'CLEARML_WEB_HOST', value: g.webServerUrlReference },
    { name: 'CLEARML_FILES_HOST', value: g.fileServerUrlReference }];
}

export function credentialsEnv(secret: string): EnvVar[] {
  const env = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
  return [env('CLEARML_API_ACCESS_KEY', 'agentk8sglue_key'), env('CLEARML_API_SECRET_KEY', 'agentk8sglue_secret')];
}

/** One read-only mount of the `filemounts` volume per file, each made from its file mount. */
export function fileMountMounts(files: readonly ResolvedFileMount[], origins: Origins): Json[] {
  return files.map((f) => {
    // As the chart writes it, so a taken-over release does not change: "/mnt/" gives "/mnt//f".
    const mount = { name: FIXED.fileMountsVolume, mountPath: `${f.folderPath}/${f.name}`, subPath: f.name, readOnly: true };
    origins.made(mount, f);
    return mount;
  });
}
