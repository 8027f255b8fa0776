/**
 * `.clearwater/server.json`: where the running `npm start` serves, so `npm run plan:import` finds it on
 * whatever port it runs. Written when the server is ready, removed when it stops cleanly; a file left by
 * a killed server is ignored (its process is gone).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from './files.ts';

interface ServerFile {
  url: string;
  pid: number;
}

export function writeServerFile(file: string, url: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify({ url, pid: process.pid } satisfies ServerFile, null, 2)}\n`);
}

/** Removes the file if this process wrote it (another server may have started since). */
export function removeServerFile(file: string): void {
  if (read(file)?.pid === process.pid) rmSync(file, { force: true });
}

/** The base URL of the running local server, if one wrote the file and is still alive. */
export function runningServerUrl(file: string): string | undefined {
  const server = read(file);
  return server && isAlive(server.pid) ? server.url : undefined;
}

function read(file: string): ServerFile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServerFile>;
    return typeof parsed.url === 'string' && typeof parsed.pid === 'number'
      ? (parsed as ServerFile)
      : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
