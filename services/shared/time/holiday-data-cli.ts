/**
 * `npm run calendar:data`: writes holiday-data.ts, the holidays and make-up working days of the pinned
 * `chinese-days` package in compact form (the package's JSON also carries names and in-lieu days that the
 * periods never read, and weighs ~37 KB in every Lambda bundle). A test fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderHolidayData } from './holiday-data-render.ts';

const file = fileURLToPath(new URL('./holiday-data.ts', import.meta.url));
writeFileSync(file, renderHolidayData());
console.log(`Wrote ${file}`);
