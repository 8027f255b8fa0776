/**
 * The shape of the code, as a specification: the kernel (`services/shared/`) imports nothing above it,
 * and no two folders import each other, directly or around a longer loop. A folder is a context
 * (`services/<context>`), `graphql`, or `infra`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Static imports and re-exports, and dynamic `import('…')` (modules loaded on first use, graphql/lazy.ts).
const IMPORT = /(?:(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+|\bimport\(\s*)['"](\.[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** `services/plan/commands.ts` → `services/plan`; `graphql/types/task.ts` → `graphql`. */
function folderOf(path: string): string {
  const parts = relative(ROOT, path).split('/');
  return parts[0] === 'services' ? `services/${parts[1]}` : (parts[0] as string);
}

function importGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const top of ['services', 'graphql', 'infra']) {
    for (const file of sourceFiles(join(ROOT, top))) {
      const from = folderOf(file);
      const edges = graph.get(from) ?? new Map<string, string>();
      graph.set(from, edges);
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const to = folderOf(resolve(dirname(file), match[1] as string));
        if (to !== from && !edges.has(to)) edges.set(to, relative(ROOT, file));
      }
    }
  }
  return graph;
}

function cycles(graph: Map<string, Map<string, string>>): string[][] {
  const found: string[][] = [];
  const visit = (node: string, path: string[]) => {
    for (const next of graph.get(node)?.keys() ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const cycle = path.slice(at);
        // Report each cycle once, starting from its smallest folder name.
        const start = cycle.indexOf([...cycle].sort()[0] as string);
        const canonical = [...cycle.slice(start), ...cycle.slice(0, start)];
        if (!found.some((c) => c.join() === canonical.join())) found.push(canonical);
      } else if (path.length < 12) {
        visit(next, [...path, next]);
      }
    }
  };
  for (const node of graph.keys()) visit(node, [node]);
  return found;
}

describe('Architecture', () => {
  const graph = importGraph();

  it('keeps the kernel (services/shared) free of imports from anything above it', () => {
    const above = [...(graph.get('services/shared') ?? new Map()).entries()].map(
      ([to, file]) => `${file} imports ${to}`,
    );
    expect(above).toEqual([]);
  });

  it('has no folder-level import cycles', () => {
    expect(cycles(graph).map((c) => [...c, c[0]].join(' → '))).toEqual([]);
  });

  it('sees the folders it is meant to check', () => {
    expect([...graph.keys()]).toEqual(
      expect.arrayContaining(['services/shared', 'services/plan', 'graphql']),
    );
  });
});
