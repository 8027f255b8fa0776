/** Integration-test helpers: a fresh table on the run's DynamoDB Local for each caller. */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createStore, type Store } from '../../services/shared/store/client.ts';
import { createTable } from '../../services/shared/store/create-table.ts';

export function dynamoEndpoint(): string {
  return inject('dynamoEndpoint');
}

/** A store on a new, empty table named after the test file, isolated from every other test. */
export async function createTestStore(label = 'test'): Promise<Store> {
  const tableName = `${label.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 40)}-${randomBytes(4).toString('hex')}`;
  const store = createStore({ tableName, endpoint: dynamoEndpoint() });
  await createTable(store.db, tableName);
  return store;
}
