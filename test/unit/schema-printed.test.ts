/** The committed schema is what the code builds: clients and reviewers read graphql/schema.graphql. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderSchema, SCHEMA_FILE } from '../../graphql/print-schema.ts';

const STALE = 'graphql/schema.graphql is stale: run `npm run schema:print` and commit it';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('graphql/schema.graphql', () => {
  it('equals renderSchema()', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');

    const built = renderSchema();

    expect(committed, STALE).toBe(built);
  });

  it('equals what renderSchema() gives where `npm run schema:print` runs it (tsx)', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');

    const run = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['-e', "import('./graphql/print-schema.ts').then((m) => process.stdout.write(m.renderSchema()))"],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );

    expect(run.status, run.stderr).toBe(0);
    expect(committed, STALE).toBe(run.stdout);
  });
});
