// The API server's size limits, and how it measures an object against them. Nothing here knows
// the chart.

/** The most a ConfigMap's or a Secret's data may hold (validation.go's core.MaxSecretSize, 1 MiB). */
export const MAX_DATA_BYTES = 1024 * 1024;
/** The most an object's annotations may hold, keys and values (TotalAnnotationSizeLimitB, 256 KiB). */
export const MAX_ANNOTATION_BYTES = 256 * 1024;
/**
 * The largest object the API server can store: etcd refuses a request over its default
 * `--max-request-bytes`, 1.5 MiB, and the object is most of the request.
 */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** 1234567 → "1,234,567". */
export function bytes(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** UTF-8 length of a string, as Go's len() counts it. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The decoded length of base64 text. */
export function base64Bytes(text: string): number {
  if (text.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(text)) return Buffer.from(text, 'base64').length;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/** Keys and values of an annotations map, as validation.go adds them up. */
export function annotationBytes(annotations: { readonly [key: string]: unknown } | undefined): number {
  let total = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) total += byteLength(key) + (typeof value === 'string' ? byteLength(value) : 0);
  return total;
}

/** A ConfigMap's data size as the API server counts it: the values of data, and of binaryData decoded. */
export function configMapBytes(cm: { readonly data?: { readonly [key: string]: string }; readonly binaryData?: { readonly [key: string]: string } }): number {
  let total = 0;
  for (const v of Object.values(cm.data ?? {})) if (typeof v === 'string') total += byteLength(v);
  for (const v of Object.values(cm.binaryData ?? {})) if (typeof v === 'string') total += base64Bytes(v);
  return total;
}

/** A Secret's data size as the API server counts it: the decoded values (stringData merged over data). */
export function secretBytes(secret: { readonly data?: { readonly [key: string]: string }; readonly stringData?: { readonly [key: string]: string } }): number {
  let total = 0;
  const stringData = secret.stringData ?? {};
  for (const [key, v] of Object.entries(secret.data ?? {})) if (typeof v === 'string' && !Object.prototype.hasOwnProperty.call(stringData, key)) total += base64Bytes(v);
  for (const v of Object.values(stringData)) if (typeof v === 'string') total += byteLength(v);
  return total;
}

/** An object's size as stored: its JSON. */
export function objectBytes(object: unknown): number {
  return byteLength(JSON.stringify(object));
}

/** The message for annotations over the limit. */
export function annotationsTooBig(total: number, what = 'an object'): string {
  return `hold ${bytes(total)} bytes (keys and values), over the API server's limit of 256 KiB (${bytes(MAX_ANNOTATION_BYTES)} bytes) for the annotations of ${what}`;
}
