// `agentk8sglue.queue` names one queue, lists several, or is chart 5.x's comma-separated list.

/** The queues of `agentk8sglue.queue` (spaces around commas ignored). */
export function queueNames(queue: string | readonly string[]): string[] {
  if (Array.isArray(queue)) return [...queue];
  const text = queue as string;
  return text.includes(',') ? text.split(',').map((q) => q.trim()) : [text];
}
