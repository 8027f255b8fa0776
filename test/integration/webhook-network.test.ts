/**
 * Webhook sends over real sockets on 127.0.0.1, with an injected DNS: the request goes to the address
 * that was checked (Host header and TLS SNI name the host), a DNS answer that changes between attempts
 * cannot lead inside, and every failure reaches the integrator as a category, never as the raw error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import type { PinnedRequest } from '../../services/shared/outbound.ts';
import type { Store } from '../../services/shared/store/client.ts';
import type { LogFields, Telemetry } from '../../services/shared/telemetry.ts';
import { categoryOf } from '../../services/webhooks/attempt-errors.ts';
import { createWebhookSubscription } from '../../services/webhooks/commands.ts';
import { webhookDispatch } from '../../services/webhooks/dispatch.ts';
import { sendPinned } from '../../services/webhooks/http-client.ts';
import { getDelivery } from '../../services/webhooks/repository.ts';
import { fakeDns } from '../support/dns.ts';
import { busEvent } from '../support/events.ts';
import { createTestStore } from '../support/store.ts';

const supervisor = {
  actor: { kind: 'USER', id: 'sup-1', name: 'District office', roles: ['SUPERVISOR'] } satisfies Actor,
  correlationId: 'test',
};
const HOST = 'hooks.district.test';

interface Seen {
  headers: IncomingHttpHeaders;
  remoteAddress?: string;
}

const servers: Server[] = [];
async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** An HTTP endpoint that answers `status` (or, with `status` null, never answers; 'reset' drops the socket). */
async function httpEndpoint(status: number | null | 'reset' = 200) {
  const seen: Seen[] = [];
  const port = await listen(
    createServer((req, res) => {
      seen.push({ headers: req.headers, remoteAddress: req.socket.remoteAddress });
      if (status === 'reset') req.socket.destroy();
      else if (status !== null) res.writeHead(status).end();
    }),
  );
  return { port, seen };
}

/** An HTTPS endpoint whose certificate (for HOST) no client trusts: it records the SNI it is offered. */
async function tlsEndpoint(cert: { key: Buffer; cert: Buffer }) {
  const serverNames: string[] = [];
  const context = createSecureContext(cert);
  const server = createTlsServer(
    {
      ...cert,
      // Called on the ClientHello, before the server's certificate goes out: whatever the client does next.
      SNICallback: (servername, done) => {
        serverNames.push(servername);
        done(null, context);
      },
    },
    (_req, res) => res.writeHead(200).end(),
  );
  const port = await listen(server);
  return { port, serverNames };
}

function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'clearwater-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${HOST}`,
      '-addext',
      `subjectAltName=DNS:${HOST}`,
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

/** Telemetry that keeps its log lines, to see what reaches the logs but not the integrator. */
function recordingTelemetry() {
  const lines: { message: string; fields?: LogFields }[] = [];
  const telemetry: Telemetry = {
    log: (_level, message, fields) => lines.push({ message, fields }),
    count: () => {},
  };
  return { telemetry, lines };
}

// Real sockets, a TLS handshake and a 1 s timeout: generous, for a loaded machine.
describe('Webhook sends on the network', { timeout: 120_000 }, () => {
  let store: Store;
  let clock: FixedClock;
  let cert: { key: Buffer; cert: Buffer };

  beforeAll(() => {
    cert = selfSignedCertificate();
  });

  beforeEach(async () => {
    store = await createTestStore('webhook-network');
    clock = new FixedClock(new Date('2020-04-30T16:00:00.000Z'));
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  /** A subscription to every deadline event, created and delivered with the same deps. */
  async function deliverOnce(url: string, deps: Record<string, unknown>) {
    const { subscription } = await createWebhookSubscription({ store, clock, ...deps }, supervisor, {
      url,
      eventPattern: '{"source":["clearwater.deadlines"]}',
    });
    const event = busEvent(clock, 'clearwater.deadlines', 'MilestoneOverdue', { taskId: 'yanhu-2020:6' });
    await webhookDispatch(event, { store, clock, ...deps });
    return (await getDelivery(store, subscription.id, event.detail.metadata.eventId))?.attempts[0];
  }

  it('connects to the checked address, with the URL’s host in the Host header and no lookup of its own', async () => {
    const endpoint = await httpEndpoint(204);
    // The name exists nowhere: only the pinned address can have reached the endpoint.
    const url = new URL(`http://${HOST}:${endpoint.port}/in?channel=water`);

    const { statusCode } = await sendPinned({
      url,
      address: { address: '127.0.0.1', family: 4 },
      headers: { 'x-test': '1' },
      body: '{}',
      timeoutMs: 2000,
    });

    expect(statusCode).toBe(204);
    expect(endpoint.seen).toEqual([
      {
        remoteAddress: '127.0.0.1',
        headers: expect.objectContaining({ host: `${HOST}:${endpoint.port}`, 'x-test': '1' }),
      },
    ]);
  });

  it('names the host in TLS SNI and checks the certificate, connecting to the checked address', async () => {
    const endpoint = await tlsEndpoint(cert);
    const send = sendPinned({
      url: new URL(`https://${HOST}:${endpoint.port}/in`),
      address: { address: '127.0.0.1', family: 4 },
      headers: {},
      body: '{}',
      timeoutMs: 2000,
    });

    const error = await send.catch((e: unknown) => e);

    expect(endpoint.serverNames).toEqual([HOST]);
    expect(categoryOf(error)).toBe('TLS');
  });

  it('does not follow a DNS answer that turned private between two attempts (rebinding)', async () => {
    const endpoint = await tlsEndpoint(cert);
    // 127.0.0.0/8 stands for the public address the name first resolves to; then it points inside.
    const dns = fakeDns({ [HOST]: (lookup) => (lookup <= 2 ? ['127.0.0.1'] : ['10.0.0.1']) }, null);
    const sent: PinnedRequest[] = [];
    const deps = {
      resolveHost: dns,
      settings: { webhooks: { allowedCidrs: ['127.0.0.0/8'] } },
      sendHttp: (request: PinnedRequest) => {
        sent.push(request);
        return sendPinned(request);
      },
    };
    const { subscription } = await createWebhookSubscription({ store, clock, ...deps }, supervisor, {
      url: `https://${HOST}:${endpoint.port}/in`,
      eventPattern: '{"source":["clearwater.deadlines"]}',
    });
    const first = busEvent(clock, 'clearwater.deadlines', 'MilestoneOverdue', { n: 1 });
    const second = busEvent(clock, 'clearwater.deadlines', 'MilestoneOverdue', { n: 2 });

    await webhookDispatch(first, { store, clock, ...deps });
    await webhookDispatch(second, { store, clock, ...deps });

    // One lookup at creation, then one per attempt: the connection never resolves the name itself.
    expect(dns.lookups).toEqual([HOST, HOST, HOST]);
    expect(sent.map((r) => r.address.address)).toEqual(['127.0.0.1']);
    expect(endpoint.serverNames).toEqual([HOST]);
    const attempt = async (eventId: string) =>
      (await getDelivery(store, subscription.id, eventId))?.attempts[0];
    expect(await attempt(first.detail.metadata.eventId)).toMatchObject({ errorCategory: 'TLS' });
    expect(await attempt(second.detail.metadata.eventId)).toEqual({
      number: 1,
      at: clock.now().toISOString(),
      errorCategory: 'ADDRESS_NOT_ALLOWED',
      error: 'not sent: the URL resolves to a non-public address (private)',
      durationMs: expect.any(Number),
    });
  });

  it('refuses at creation a host that resolves to a private address', async () => {
    const create = createWebhookSubscription(
      { store, clock, resolveHost: fakeDns({ [HOST]: ['10.1.2.3'] }) },
      supervisor,
      { url: `https://${HOST}/in`, eventPattern: '{"source":["clearwater.deadlines"]}' },
    );
    await expect(create).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'input.url', message: 'resolves to a non-public address (private)' }],
    });
  });

  describe('tells the integrator a category and our own sentence, and keeps the raw error in the logs', () => {
    const local = { allowInsecureLocalhost: true };

    it('HTTP_STATUS with the status code', async () => {
      const endpoint = await httpEndpoint(503);
      expect(await deliverOnce(`http://127.0.0.1:${endpoint.port}/in`, local)).toMatchObject({
        statusCode: 503,
        errorCategory: 'HTTP_STATUS',
      });
    });

    it('TIMEOUT when no status line arrives within the setting', async () => {
      const endpoint = await httpEndpoint(null);
      const attempt = await deliverOnce(`http://127.0.0.1:${endpoint.port}/in`, {
        ...local,
        settings: { webhooks: { requestTimeoutSeconds: 1 } },
      });
      expect(attempt).toMatchObject({ errorCategory: 'TIMEOUT', error: 'no response within 1 s' });
      expect(attempt?.statusCode).toBeUndefined();
      expect(attempt?.durationMs).toBeGreaterThanOrEqual(900);
    });

    it('CONNECTION_REFUSED', async () => {
      const endpoint = await httpEndpoint();
      const server = servers.pop() as Server;
      await new Promise((resolve) => server.close(resolve));
      const { telemetry, lines } = recordingTelemetry();
      const attempt = await deliverOnce(`http://127.0.0.1:${endpoint.port}/in`, { ...local, telemetry });
      expect(attempt).toMatchObject({
        errorCategory: 'CONNECTION_REFUSED',
        error: 'connection refused (ECONNREFUSED)',
      });
      const logged = lines.find((l) => l.message === 'Webhook request failed');
      expect(logged?.fields).toMatchObject({
        errorCategory: 'CONNECTION_REFUSED',
        error: `Error: connect ECONNREFUSED 127.0.0.1:${endpoint.port}`,
      });
    });

    it('CONNECTION_RESET when the endpoint drops the connection', async () => {
      const endpoint = await httpEndpoint('reset');
      expect(await deliverOnce(`http://127.0.0.1:${endpoint.port}/in`, local)).toMatchObject({
        errorCategory: 'CONNECTION_RESET',
        error: 'connection closed before a response (ECONNRESET)',
      });
    });

    it('TLS when the certificate is not trusted, without OpenSSL’s words', async () => {
      const endpoint = await tlsEndpoint(cert);
      const attempt = await deliverOnce(`https://${HOST}:${endpoint.port}/in`, {
        resolveHost: fakeDns({ [HOST]: ['127.0.0.1'] }),
        settings: { webhooks: { allowedCidrs: ['127.0.0.0/8'] } },
      });
      expect(attempt).toMatchObject({
        errorCategory: 'TLS',
        error: 'TLS handshake failed: certificate not valid for the host, or no common protocol',
      });
      expect(attempt?.error).not.toMatch(/self.signed|certificate has|127\.0\.0\.1/i);
    });

    it('DNS when the name stops resolving', async () => {
      const dns = fakeDns({ [HOST]: (lookup) => (lookup === 1 ? ['93.184.215.14'] : []) }, null);
      expect(await deliverOnce(`https://${HOST}/in`, { resolveHost: dns })).toMatchObject({
        errorCategory: 'DNS',
        error: 'the host name did not resolve',
      });
    });
  });
});
