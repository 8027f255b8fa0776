/**
 * `npm run bench`, hostile requests: what refusing a hostile document costs (p50/p95 over HTTP to the local
 * runtime), and what a normal dashboard query costs while 8 hostile clients hammer the server. Figures,
 * not pass/fail; every loop is bounded and stops by itself.
 */
import { Worker } from 'node:worker_threads';
import { QUERY_LIMITS } from '../../graphql/limits.ts';
import { DASHBOARD_QUERY } from './fixtures.ts';
import { percentiles as p50p95 } from './measure.ts';

const aliases = (count: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }`;

function unitGraph(depth: number): string {
  let selection = 'id';
  for (let level = depth - 1; level > 1; level--)
    selection = `${level % 2 ? 'groups' : 'members'} { id ${selection} }`;
  return `{ unit(id: "yanhu-townships") { ${selection} } }`;
}

/** Plain JavaScript for the worker: `clients` loops sending `body` anonymously until told to stop. */
const ATTACKERS = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, body, clients } = workerData;
let attacking = true;
let refused = 0;
let failed = 0;
parentPort.once('message', () => { attacking = false; });
const client = async () => {
  for (let sent = 0; attacking && sent < 100000; sent++) {
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      .then((r) => r.arrayBuffer())
      .then(() => refused++, () => failed++);
  }
};
Promise.all(Array.from({ length: clients }, client)).then(() => parentPort.postMessage({ refused, failed }));
`;

interface Hostile {
  name: string;
  body: string;
  anonymous?: boolean;
}

function hostileRequests(): Hostile[] {
  const { authenticated } = QUERY_LIMITS;
  return [
    {
      name: '200,000 aliases of __typename, anonymous (3.5 MB)',
      body: JSON.stringify({ query: aliases(200_000) }),
      anonymous: true,
    },
    {
      name: '200,000 aliases of __typename, with a token',
      body: JSON.stringify({ query: aliases(200_000) }),
    },
    { name: '1,900 aliases (25 KB: over the text limit)', body: JSON.stringify({ query: aliases(1_900) }) },
    {
      name: `${authenticated.aliases + 1} aliases`,
      body: JSON.stringify({ query: aliases(authenticated.aliases + 1) }),
    },
    { name: 'unit { members { groups … } } at depth 20', body: JSON.stringify({ query: unitGraph(20) }) },
    {
      name: `a list literal ${authenticated.characters / 2 - 20} deep`,
      body: JSON.stringify({
        query: `{ plan(id: ${'['.repeat(authenticated.characters / 2 - 20)}"x"${']'.repeat(authenticated.characters / 2 - 20)}) { id } }`,
      }),
    },
    {
      name: `${authenticated.characters / 2 - 20} tokens`,
      body: JSON.stringify({
        query: `{ __typename(n: [${'1 '.repeat(authenticated.characters / 2 - 20)}]) }`,
      }),
    },
    {
      name: 'JSON variables 100,000 deep',
      body: `{"query":"{ __typename }","variables":{"d":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
    },
  ];
}

export async function benchHostileRequests(graphqlUrl: string, token: string): Promise<void> {
  const send = async (body: string, anonymous = false) => {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(anonymous ? {} : { authorization: `Bearer ${token}` }),
      },
      body,
    });
    const text = await response.text();
    const error = (JSON.parse(text) as { errors?: { extensions?: { code?: string; limit?: string } }[] })
      .errors?.[0];
    return `${response.status} ${error?.extensions?.code ?? 'no error'}${error?.extensions?.limit ? ` (${error.extensions.limit})` : ''}`;
  };
  const dashboard = JSON.stringify({ query: DASHBOARD_QUERY, variables: { id: 'yanhu-2020' } });
  const timedDashboard = async () => {
    const start = performance.now();
    const answer = await send(dashboard);
    if (!answer.startsWith('200 no error')) throw new Error(`dashboard query failed: ${answer}`);
    return performance.now() - start;
  };

  console.log('Hostile requests refused (HTTP to the local runtime, 20 samples each)');
  for (const hostile of hostileRequests()) {
    const samples: number[] = [];
    let answer = '';
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      answer = await send(hostile.body, hostile.anonymous);
      samples.push(performance.now() - start);
    }
    console.log(`  ${hostile.name}: ${p50p95(samples)} → ${answer}`);
  }

  const quiet: number[] = [];
  for (let i = 0; i < 50; i++) quiet.push(await timedDashboard());
  // The attackers run in a worker thread: their own event loop, as other processes' would be.
  const attackers = new Worker(ATTACKERS, {
    eval: true,
    workerData: { url: graphqlUrl, body: JSON.stringify({ query: aliases(200_000) }), clients: 8 },
  });
  const report = new Promise<{ refused: number; failed: number }>((resolve) =>
    attackers.once('message', resolve),
  );
  await new Promise((resolve) => attackers.once('online', resolve));
  let peakRss = process.memoryUsage().rss;
  const started = performance.now();
  const loaded: number[] = [];
  for (let i = 0; i < 100; i++) {
    loaded.push(await timedDashboard());
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  attackers.postMessage('stop');
  const { refused, failed } = await report;
  await attackers.terminate();
  console.log('Dashboard query while 8 clients send the 200,000-alias document without a token');
  console.log(`  alone (50 queries): ${p50p95(quiet)}`);
  console.log(
    `  under attack (100 queries): ${p50p95(loaded)}; ${(refused / seconds).toFixed(0)} hostile requests/s refused` +
      `${failed ? `, ${failed} failed` : ''}; peak RSS of the bench process ${(peakRss / 2 ** 20).toFixed(0)} MB`,
  );
}
