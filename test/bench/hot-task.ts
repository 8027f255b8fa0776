/**
 * Bench: a hot task — 100 concurrent reportProgress without expectedVersion on one task (issue 6,
 * item 9). Reports how many succeeded, the version rise, and the latency of each request (p50/p95).
 */
type Post = (query: string, variables?: Record<string, unknown>) => Promise<unknown>;

const REPORT = 'mutation ($i: ReportProgressInput!) { reportProgress(input: $i) { version } }';
const VERSION = '{ task(id: "yanhu-2020:3") { version } }';

export async function benchHotTask(post: Post, report: (line: string) => void): Promise<void> {
  const versionOf = async () => ((await post(VERSION)) as { task: { version: number } }).task.version;
  const start = await versionOf();
  const latencies: number[] = [];
  const outcomes = await Promise.allSettled(
    Array.from({ length: 100 }, async (_, i) => {
      const began = performance.now();
      try {
        await post(REPORT, { i: { taskId: 'yanhu-2020:3', percentComplete: i } });
      } finally {
        latencies.push(performance.now() - began);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1);
  const succeeded = outcomes.filter((o) => o.status === 'fulfilled').length;
  report('Hot task (100 concurrent reportProgress without expectedVersion on task 3)');
  report(`  succeeded: ${succeeded}/100, version rose by ${(await versionOf()) - start}`);
  report(`  latency: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`);
}
