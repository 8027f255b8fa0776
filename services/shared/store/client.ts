/** The DynamoDB client and the table name, bundled so repositories take one dependency. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface Store {
  readonly db: DynamoDBClient;
  readonly tableName: string;
  /** Counts requests sent; the cost tests and the bench read it. */
  readonly stats: { requests: number; byCommand: Record<string, number> };
}

export interface StoreOptions {
  tableName: string;
  endpoint?: string;
  region?: string;
}

export function createStore({ tableName, endpoint, region }: StoreOptions): Store {
  const db = new DynamoDBClient({
    region: region ?? process.env.AWS_REGION ?? 'local',
    ...(endpoint
      ? {
          endpoint,
          // DynamoDB Local accepts any credentials; these keep the SDK from searching for real ones.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 5,
  });
  const stats = { requests: 0, byCommand: {} as Record<string, number> };
  db.middlewareStack.add(
    (next, context) => async (args) => {
      stats.requests++;
      const name = context.commandName ?? 'unknown';
      stats.byCommand[name] = (stats.byCommand[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'clearwaterRequestCounter' },
  );
  return { db, tableName, stats };
}
