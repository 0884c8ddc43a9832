// The API server's size limits, and how it measures an object against them. Nothing here knows the chart.
import { hasOwn } from '../plain-data';
/** The most a ConfigMap's or a Secret's data may hold (validation.go's core.MaxSecretSize, 1 MiB). */
export const MAX_DATA_BYTES = 1024 * 1024;
/** The most an object's annotations may hold, keys and values (TotalAnnotationSizeLimitB, 256 KiB). */
export const MAX_ANNOTATION_BYTES = 256 * 1024;
/** The largest object the API server can store: etcd refuses a request (mostly the object) over its default `--max-request-bytes`, 1.5 MiB. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;
/** 1234567 → "1,234,567". */
export const bytes = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** UTF-8 length of a string, as Go's len() counts it. */
export const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');
/** An object's size as stored: its JSON. */
export const objectBytes = (object: unknown): number => byteLength(JSON.stringify(object));
/** The decoded length of base64 text: counted without decoding when it is well-formed. */
const base64Bytes = (text: string): number =>
  text.length % 4 === 0 && !/[^A-Za-z0-9+/=]/.test(text) ? Buffer.byteLength(text, 'base64') : Buffer.from(text, 'base64').length;
/** Keys and values of an annotations map, as validation.go adds them up. */
export const annotationBytes = (annotations: { readonly [key: string]: unknown }): number =>
  Object.entries(annotations).reduce((total, [key, value]) => total + byteLength(key) + (typeof value === 'string' ? byteLength(value) : 0), 0);

/** A Secret's data size as the API server counts it: the decoded values (stringData merged over data). */
export function secretBytes(secret: { readonly data?: { readonly [key: string]: string }; readonly stringData?: { readonly [key: string]: string } }): number {
  const stringData = secret.stringData ?? {};
  let total = 0;
  for (const [key, v] of Object.entries(secret.data ?? {})) if (typeof v === 'string' && !hasOwn(stringData, key)) total += base64Bytes(v);
  for (const v of Object.values(stringData)) if (typeof v === 'string') total += byteLength(v);
  return total;
}
