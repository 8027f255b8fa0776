/**
 * Small file primitives for the local runtime's persisted state (`--persist`): JSON-lines journals that
 * survive the process being killed, and whole-file writes that are never seen half done.
 */
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/**
 * Writes a file so that a reader sees the old content or the new, never a truncated one: a process
 * killed in the middle of `writeFileSync` leaves an empty file, and the next start could not read it.
 */
export function writeFileAtomic(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, content);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/**
 * The records of a JSON-lines file, oldest first. A line that does not parse is skipped: only the last
 * line can be torn (the process died while appending it), and a torn append was never acknowledged.
 */
export function readJsonLines(file: string): unknown[] {
  if (!existsSync(file)) return [];
  const records: unknown[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      // torn tail: see above
    }
  }
  return records;
}

/** An append-only JSON-lines file held open for the life of the process. */
export class JsonLinesFile {
  private fd: number | null;

  /** Opens `file` for appending, first rewriting it with `initial` when given (compaction). */
  constructor(file: string, initial?: unknown[]) {
    if (initial) writeFileAtomic(file, initial.map((r) => `${JSON.stringify(r)}\n`).join(''));
    this.fd = openSync(file, 'a');
  }

  /**
   * Appends the records in one write. Once it returns they survive the process being killed; with
   * `sync` they also survive the machine stopping (the data is flushed to the disk first).
   */
  append(records: unknown[], options: { sync?: boolean } = {}): void {
    if (this.fd === null) throw new Error('The file is closed');
    if (records.length === 0) return;
    writeSync(this.fd, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    if (options.sync) fdatasyncSync(this.fd);
  }

  /** Idempotent: closing a descriptor number twice could close whatever reused it in between. */
  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
