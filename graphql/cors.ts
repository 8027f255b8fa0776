/**
 * CORS: only configured origins may call from a browser, and never with credentials (callers send a bearer
 * token, not cookies). An origin is `scheme://host[:port]`; `:*` allows any port of that host, which the
 * local runtime uses for its default, `http://localhost:*,http://127.0.0.1:*`.
 */
import type { YogaServerOptions } from 'graphql-yoga';

export const LOCAL_CORS_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'] as const;

const ORIGIN = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:]+\])(:(\d{1,5}|\*))?$/i;

/** Reads a comma-separated list of origins (e.g. `CLEARWATER_CORS_ORIGINS`); throws on anything else. */
export function parseCorsOrigins(text: string): string[] {
  const origins = text
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of origins) {
    if (!ORIGIN.test(origin)) {
      throw new Error(
        `CORS origin ${JSON.stringify(origin)} is not scheme://host[:port] (no path, no trailing slash; :* for any port)`,
      );
    }
  }
  return origins;
}

export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  const lower = origin.toLowerCase();
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    if (!p.endsWith(':*')) return p === lower;
    const host = p.slice(0, -2);
    return lower === host || (lower.startsWith(`${host}:`) && /^\d{1,5}$/.test(lower.slice(host.length + 1)));
  });
}

export function corsFor(allowed: readonly string[]): NonNullable<YogaServerOptions<object, object>['cors']> {
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !originAllowed(origin, allowed)) return false;
    return {
      origin: [origin],
      credentials: false,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type', 'x-correlation-id'],
      maxAge: 3600,
    };
  };
}
