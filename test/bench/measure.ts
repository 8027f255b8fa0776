/** What the bench parts share: percentiles, and the DynamoDB cost and latency of a query run many times. */
import type { Store } from '../../services/shared/store/client.ts';

export const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
export const ms = (n: number) => `${n.toFixed(1)} ms`;

/** `p50 …, p95 …` of the latencies given (sorted here). */
export function percentiles(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  return `p50 ${ms(quantile(sorted, 0.5))}, p95 ${ms(quantile(sorted, 0.95))}`;
}

interface Fetches {
  fetch(url: string, init: RequestInit): Promise<Response> | Response;
}

/** A GraphQL query sent to an in-process server with a token; throws on any error in the answer. */
export function inProcessQuery(server: Fetches, token: string, query: string) {
  return async (variables: Record<string, unknown>): Promise<void> => {
    const response = await server.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
}

/**
 * Runs `run` 10 times to warm up, then `samples` times, and prints the DynamoDB requests per run (by
 * command) and the latency percentiles, under `label`.
 */
export async function reportQueryCost(
  store: Store,
  label: string,
  run: () => Promise<unknown>,
  samples = 100,
): Promise<void> {
  for (let i = 0; i < 10; i++) await run();
  const before = { ...store.stats.byCommand };
  const beforeTotal = store.stats.requests;
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await run();
    latencies.push(performance.now() - start);
  }
  const byCommand = Object.entries(store.stats.byCommand)
    .map(([name, n]) => [name.replace(/Command$/, ''), (n - (before[name] ?? 0)) / samples] as const)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  console.log(
    `  ${label}: ${(store.stats.requests - beforeTotal) / samples} DynamoDB requests per query (${byCommand}); ` +
      percentiles(latencies),
  );
}
