// The glue pod's `checksum/config` changes with what the pod reads at start (its templates, the Secrets it mounts or reads into its environment),
// so that it restarts; Secrets pods read by name at start (the registry pull Secret, the task pods' file mounts) need none and are left out.
// Whoever reads the Deployment sees it: a SHA-256 over random keys and clearml.conf tells nothing, and the placeholder credentials are public.
import * as crypto from 'crypto';
/** The SHA-256, in hex, of the glue's template files and the data of the Secrets its pod reads at start. */
export function configChecksum(templateData: { readonly [file: string]: string },
  glueSecrets: readonly { readonly data: { readonly [key: string]: string } }[]): string {
  const text = JSON.stringify([templateData, glueSecrets.map((s) => s.data)]);
  // crypto.hash (Node 20.12 and 21.7 on) makes no Hash object: a process's first call takes less than half of createHash's time.
  return crypto.hash?.('sha256', text, 'hex') ?? crypto.createHash('sha256').update(text).digest('hex');
}
