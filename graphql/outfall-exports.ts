/**
 * The public register as files for the municipal platform, over plain HTTP on the same server as
 * GraphQL (so the local runtime and the Lambda serve them alike): `GET /public/outfalls.geojson` and
 * `GET /public/outfalls.csv`, no token, only what `publicOutfalls` shows.
 */
import type { Plugin } from 'graphql-yoga';
import { EXPORT_PATHS, publicRegister, toCsv, toGeoJson } from '../services/outfalls/disclosure.ts';
import { outfallSettings } from '../services/outfalls/settings.ts';
import type { Settings } from '../services/shared/settings.ts';
import type { Store } from '../services/shared/store/client.ts';

export function outfallExports(options: { store: Store; settings?: Settings }): Plugin {
  const settings = outfallSettings(options);
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const kind =
        url.pathname === EXPORT_PATHS.geojson ? 'geojson' : url.pathname === EXPORT_PATHS.csv ? 'csv' : null;
      if (!kind) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response('Only GET', { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const outfalls = await publicRegister(options.store, settings);
      const headers = {
        'cache-control': 'public, max-age=300',
        'access-control-allow-origin': '*',
      };
      endResponse(
        kind === 'geojson'
          ? new fetchAPI.Response(JSON.stringify(toGeoJson(outfalls)), {
              headers: { ...headers, 'content-type': 'application/geo+json; charset=utf-8' },
            })
          : new fetchAPI.Response(toCsv(outfalls), {
              headers: {
                ...headers,
                'content-type': 'text/csv; charset=utf-8',
                'content-disposition': 'attachment; filename="outfalls.csv"',
              },
            }),
      );
    },
  };
}
