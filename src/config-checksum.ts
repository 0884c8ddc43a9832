// The glue pod's `checksum/config` annotation: it changes whenever something the glue pod reads
// at start changes (its task templates, and the Secrets it mounts or reads into its environment),
// so that the glue restarts and picks it up. Secrets that pods read by name when they start (the
// registry pull Secret, the task pods' file mounts) need no restart of the glue and are left out.
//
// Whoever can read the Deployment sees the annotation: a SHA-256 over ClearML's access and secret
// keys (random, long) and clearml.conf tells nothing about them, and the chart's placeholder
// credentials, which anyone could confirm against it, are public anyway.
import { createHash } from 'crypto';

/** The SHA-256, in hex, of the glue's template files and the data of the Secrets its pod reads at start. */
export function configChecksum(templateData: { readonly [file: string]: string },
  glueSecrets: readonly { readonly data: { readonly [key: string]: string } }[]): string {
  return createHash('sha256').update(JSON.stringify([templateData, glueSecrets.map((s) => s.data)])).digest('hex');
}
