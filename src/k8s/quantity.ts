// Kubernetes quantities ("500m", "1.5Gi", "2e3"): the API machinery's grammar, as exact BigInt fractions for its comparisons (request <= limit).
/** A quantity as an exact fraction `num / den` (den > 0). */
export interface Quantity { readonly num: bigint; readonly den: bigint }

/** The grammar: a signed decimal number, then an exponent, a binary or a decimal SI suffix. */
export const QUANTITY_TEXT = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+)|([KMGTPE]i)|([numkMGTPE]))?$/;
const BINARY_SUFFIX: { readonly [suffix: string]: number } = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX: { readonly [suffix: string]: number } = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const MAX_EXPONENT = 1000;
/** A quantity (text, or a number as YAML gives it); undefined when it is not one, or its exponent is beyond ±1000 (no request or limit is). */
export function parseQuantity(value: unknown): Quantity | undefined {
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  const m = QUANTITY_TEXT.exec(text);
  if (!m) return undefined;
  const [, sign, digits, exponent, binary, decimal] = m;
  const [whole, fraction = ''] = digits.split('.');
  const exp10 = -fraction.length + (exponent !== undefined ? Number(exponent) : decimal ? DECIMAL_SUFFIX[decimal] : 0);
  if (!Number.isSafeInteger(exp10) || Math.abs(exp10) > MAX_EXPONENT + fraction.length) return undefined;
  let num = BigInt(`${whole || '0'}${fraction}`);
  if (exp10 >= 0) num *= 10n ** BigInt(exp10);
  if (binary) num *= 2n ** BigInt(BINARY_SUFFIX[binary]);
  return { num: sign === '-' ? -num : num, den: exp10 >= 0 ? 1n : 10n ** BigInt(-exp10) };
}

export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const difference = a.num * b.den - b.num * a.den;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** ceil(a / b) for b > 0. */
export const ceilDiv = (a: bigint, b: bigint): bigint => a / b + (a % b > 0n ? 1n : 0n);
/** Whether the API server takes the quantity as a whole number (its MilliValue, rounded up, is a multiple of 1000). */
export const isWholeQuantity = (q: Quantity): boolean => ceilDiv(q.num * 1000n, q.den) % 1000n === 0n;
