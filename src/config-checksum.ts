// The glue pod's `checksum/config` annotation: it changes whenever anything the glue or its task
// pods read changes (the template ConfigMap, the Secrets), so that the glue restarts, without
// letting whoever reads the Deployment confirm a guessed secret.
import { createHash, scryptSync } from 'crypto';

/**
 * A checksum of everything the glue and its pods read: equal for equal input, different for any
 * change, so that the glue restarts when its template or a Secret changes. Whoever can read the
 * Deployment can read the template too, so the Secrets' contents go in through scrypt, the
 * standard slow key derivation: confirming a guessed password against the annotation costs
 * milliseconds and megabytes per guess instead of nanoseconds, which makes guessing impractical.
 */
export function configChecksum(templateData: unknown, secretData: unknown): string {
  return createHash('sha256')
    .update(createHash('sha256').update(JSON.stringify(templateData ?? null)).digest())
    .update(slowDigest(JSON.stringify(secretData ?? null)))
    .digest('hex');
}

/**
 * scrypt's cost: N = 2^12, r = 8 (4 MiB, ~10 ms here): a guess costs millions of times a SHA-256,
 * while a render pays it once. (2^14, the interactive-login setting, cost 45 ms of a 120 ms run.)
 */
export const SCRYPT = { N: 2 ** 12, r: 8, p: 1 };
const SCRYPT_SALT = 'cdk8s-clearml-agent checksum/config';

/** The last scrypt digests, by a fast hash of their input: an app of many agents with one set of Secrets pays once. */
const SLOW_DIGESTS = new Map<string, Buffer>();

function slowDigest(text: string): Buffer {
  const key = createHash('sha256').update(text).digest('hex');
  let digest = SLOW_DIGESTS.get(key);
  if (!digest) {
    digest = scryptSync(text, SCRYPT_SALT, 32, SCRYPT);
    if (SLOW_DIGESTS.size >= 64) SLOW_DIGESTS.delete(SLOW_DIGESTS.keys().next().value!);
    SLOW_DIGESTS.set(key, digest);
  }
  return digest;
}
