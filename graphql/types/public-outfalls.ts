/**
 * `publicOutfalls`: the disclosed register (A10) for anyone, without a token — the one anonymous query of
 * the schema. Its type has only the publishable fields, so nothing else can be asked for.
 */
import { type PublicOutfall, toPublic } from '../../services/outfalls/disclosure.ts';
import { listPublicOutfalls } from '../../services/outfalls/repository.ts';
import { outfallSettings } from '../../services/outfalls/settings.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { filterOf, OutfallCategoryEnum, OutfallFilter, OutfallStateEnum } from './outfalls.ts';

const PublicOutfallRef = builder.objectRef<PublicOutfall>('PublicOutfall').implement({
  description:
    'What is published of a disclosed outfall: never dischargers, samples, people or internal notes.',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    waterBody: t.exposeString('waterBody'),
    category: t.field({ type: OutfallCategoryEnum, resolve: (o) => o.category }),
    categoryLabel: t.exposeString('categoryLabel'),
    longitude: t.exposeFloat('longitude', { description: 'WGS-84.' }),
    latitude: t.exposeFloat('latitude', { description: 'WGS-84.' }),
    state: t.field({ type: OutfallStateEnum, resolve: (o) => o.state }),
    responsibleUnit: t.exposeString('responsibleUnit', {
      description: 'The name of the unit responsible for it.',
    }),
    supervisionPhone: t.exposeString('supervisionPhone', { description: 'Where the public reports on it.' }),
  }),
});

const PublicOutfallConnectionRef = builder.connectionObject(
  { type: PublicOutfallRef, name: 'PublicOutfallConnection' },
  { name: 'PublicOutfallEdge' },
);

builder.queryField('publicOutfalls', (t) =>
  t.field({
    type: PublicOutfallConnectionRef,
    description:
      'Disclosed outfalls by water body and code, for anyone (no token needed). Page size: default 50, at most ' +
      '500. Also as GeoJSON (`GET /public/outfalls.geojson`) and CSV (`GET /public/outfalls.csv`).',
    args: { filter: t.arg({ type: OutfallFilter }), ...forwardPageArgs },
    resolve: async (_root, args, ctx) => {
      const settings = outfallSettings(ctx);
      const page = await listPublicOutfalls(
        ctx.store,
        settings.district,
        filterOf(args.filter),
        pageSize(args.first),
        args.after,
      );
      const units = await ctx.loaders.unit.loadMany(page.items.map((o) => o.responsibleUnitId));
      return keyPage({
        ...page,
        items: page.items.map((o, i) => {
          const unit = units[i];
          const name = unit && !(unit instanceof Error) ? unit.name : o.responsibleUnitId;
          return toPublic(o, name, settings.supervisionPhone);
        }),
      });
    },
  }),
);
