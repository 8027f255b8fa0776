/** A webhook subscriber for tests: a local HTTP server that answers 200 and keeps every event it receives. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BusEvent } from '../../services/shared/events/envelope.ts';

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook`, an address the local runtime may deliver to. */
  url: string;
  /** Every event received, duplicates included, in arrival order. */
  events: BusEvent[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const events: BusEvent[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as BusEvent);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
