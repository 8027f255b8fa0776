/**
 * The public register (A10): what may be published of a disclosed outfall — code, name, water body,
 * category, location, state, responsible unit and the supervision phone — and nothing else: never
 * dischargers, permits, samples, people or internal notes. One projection serves the GraphQL query and
 * the GeoJSON and CSV exports. Pure.
 */
import type { Store } from '../shared/store/client.ts';
import { getUnits } from '../units/repository.ts';
import { CATEGORY_INFO, type OutfallCategory } from './categories.ts';
import type { OutfallState } from './lifecycle.ts';
import type { Outfall } from './model.ts';
import { allPublicOutfalls } from './repository.ts';
import type { OutfallSettings } from './settings.ts';

/** Where the exports are served (the GraphQL server and, in AWS, routes of the HTTP API). */
export const EXPORT_PATHS = {
  geojson: '/public/outfalls.geojson',
  csv: '/public/outfalls.csv',
} as const;

export interface PublicOutfall {
  code: string;
  name: string;
  waterBody: string;
  category: OutfallCategory;
  categoryLabel: string;
  longitude: number;
  latitude: number;
  state: OutfallState;
  responsibleUnit: string;
  supervisionPhone: string;
}

export const PUBLIC_FIELDS = [
  'code',
  'name',
  'waterBody',
  'category',
  'categoryLabel',
  'longitude',
  'latitude',
  'state',
  'responsibleUnit',
  'supervisionPhone',
] as const satisfies readonly (keyof PublicOutfall)[];

export function toPublic(outfall: Outfall, unitName: string, supervisionPhone: string): PublicOutfall {
  return {
    code: outfall.code,
    name: outfall.name,
    waterBody: outfall.waterBody,
    category: outfall.category,
    categoryLabel: CATEGORY_INFO[outfall.category].label,
    longitude: outfall.location.longitude,
    latitude: outfall.location.latitude,
    state: outfall.state,
    responsibleUnit: unitName,
    supervisionPhone,
  };
}

/** Every disclosed outfall, projected (the exports). */
export async function publicRegister(store: Store, settings: OutfallSettings): Promise<PublicOutfall[]> {
  const outfalls = await allPublicOutfalls(store, settings.district);
  const units = await getUnits(
    store,
    outfalls.map((o) => o.responsibleUnitId),
  );
  return outfalls.map((o) =>
    toPublic(o, units.get(o.responsibleUnitId)?.name ?? o.responsibleUnitId, settings.supervisionPhone),
  );
}

export function toGeoJson(outfalls: readonly PublicOutfall[]) {
  return {
    type: 'FeatureCollection' as const,
    features: outfalls.map(({ longitude, latitude, ...properties }) => ({
      type: 'Feature' as const,
      id: properties.code,
      geometry: { type: 'Point' as const, coordinates: [longitude, latitude] },
      properties,
    })),
  };
}

/**
 * RFC 4180 CSV with a header row and CRLF line ends, UTF-8 with a BOM so spreadsheets read the Chinese.
 * A cell that a spreadsheet would take for a formula (=, +, -, @ first) is prefixed with an apostrophe.
 */
export function toCsv(outfalls: readonly PublicOutfall[]): string {
  const cell = (value: string | number) => {
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [
    PUBLIC_FIELDS.join(','),
    ...outfalls.map((o) => PUBLIC_FIELDS.map((f) => cell(o[f])).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
