/**
 * Rows of an inspection register, as field teams keep them: a CSV with a header row (English field names
 * or the Chinese column titles below; units and categories by id or by name) or a JSON list of
 * registrations. Each row becomes a registration input with its line number; what cannot be read is a
 * row error. CSV is parsed by csv-parse (RFC 4180: quotes, embedded commas and line breaks, a BOM).
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { Unit } from '../units/model.ts';
import { CATEGORY_INFO, OUTFALL_CATEGORIES } from './categories.ts';

export interface RawRow {
  /** 1-based position among the rows. */
  row: number;
  /** The line of the file where the row ends (CSV; the header is line 1). */
  line?: number;
  input: Record<string, unknown>;
}

export interface RowError {
  row?: number;
  line?: number;
  field: string;
  message: string;
}

/** Column titles → fields. */
const COLUMNS: Record<string, string> = {
  code: 'code',
  编码: 'code',
  排污口编码: 'code',
  name: 'name',
  名称: 'name',
  排污口名称: 'name',
  waterbody: 'waterBody',
  受纳水体: 'waterBody',
  水体: 'waterBody',
  township: 'township',
  townshipunitid: 'township',
  乡镇: 'township',
  乡镇办: 'township',
  village: 'village',
  行政村: 'village',
  longitude: 'longitude',
  经度: 'longitude',
  latitude: 'latitude',
  纬度: 'latitude',
  category: 'category',
  类别: 'category',
  排口类型: 'category',
  permitnumber: 'permitNumber',
  排污许可证号: 'permitNumber',
  permitholder: 'permitHolder',
  持证单位: 'permitHolder',
  permitvalidfrom: 'permitValidFrom',
  许可证有效期起: 'permitValidFrom',
  permitvaliduntil: 'permitValidUntil',
  许可证有效期止: 'permitValidUntil',
  dischargers: 'dischargers',
  排污单位: 'dischargers',
  responsibleunit: 'responsibleUnit',
  responsibleunitid: 'responsibleUnit',
  责任单位: 'responsibleUnit',
  responsibleperson: 'responsiblePerson',
  责任人: 'responsiblePerson',
  responsiblephone: 'responsiblePhone',
  责任人电话: 'responsiblePhone',
  notes: 'notes',
  备注: 'notes',
  disclosed: 'disclosed',
  公开: 'disclosed',
};

const YES = new Set(['true', 'yes', 'y', '1', '是']);
const NO = new Set(['false', 'no', 'n', '0', '否', '']);

/** A unit named by id, full name or short name. */
function unitIdOf(text: string, units: readonly Unit[]): string {
  const unit = units.find((u) => u.id === text || u.name === text || u.shortName === text);
  return unit?.id ?? text;
}

function categoryOf(text: string): string {
  if ((OUTFALL_CATEGORIES as readonly string[]).includes(text)) return text;
  const found = Object.entries(CATEGORY_INFO).find(([, info]) => info.label === text);
  return found?.[0] ?? text;
}

/** `name|credit code; name` → dischargers. */
function dischargersOf(text: string) {
  return text
    .split(/[;；]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, creditCode] = part.split('|').map((s) => s.trim());
      return { name, ...(creditCode ? { creditCode } : {}) };
    });
}

function numberOf(text: string): number | string {
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : text;
}

/** One CSV record (by field) → a registration input; unreadable cells stay as text for zod to name. */
function rowInput(cells: Record<string, string>, units: readonly Unit[]): Record<string, unknown> {
  const value = (field: string) => cells[field]?.trim() || undefined;
  const disclosed = (cells.disclosed ?? '').trim().toLowerCase();
  const person = value('responsiblePerson');
  return {
    code: value('code'),
    name: value('name'),
    waterBody: value('waterBody'),
    townshipUnitId: value('township') && unitIdOf(value('township') as string, units),
    village: value('village'),
    location: {
      longitude: numberOf(cells.longitude?.trim() ?? ''),
      latitude: numberOf(cells.latitude?.trim() ?? ''),
    },
    category: value('category') && categoryOf(value('category') as string),
    permit: value('permitNumber')
      ? {
          number: value('permitNumber'),
          holder: value('permitHolder'),
          validFrom: value('permitValidFrom'),
          validUntil: value('permitValidUntil'),
        }
      : undefined,
    dischargers: value('dischargers') ? dischargersOf(value('dischargers') as string) : [],
    responsibleUnitId: value('responsibleUnit') && unitIdOf(value('responsibleUnit') as string, units),
    responsiblePerson: person ? { name: person, phone: value('responsiblePhone') } : undefined,
    notes: value('notes'),
    disclosed: YES.has(disclosed) ? true : NO.has(disclosed) ? false : disclosed,
  };
}

export interface ParsedRows {
  rows: RawRow[];
  errors: RowError[];
}

export function csvRows(text: string, units: readonly Unit[]): ParsedRows {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with the line it ends on (the typings do not follow the option).
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return {
        rows: [],
        errors: [{ line, field: 'document', message: `not readable as CSV: ${error.message}` }],
      };
    }
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ line: 1, field: 'document', message: 'no header row' }] };
  const errors: RowError[] = [];
  const fields = header.record.map((title, i) => {
    const field = COLUMNS[title.trim().toLowerCase()] ?? COLUMNS[title.trim()];
    if (!field)
      errors.push({ line: 1, field: `header.${i}`, message: `unknown column ${JSON.stringify(title)}` });
    return field;
  });
  const rows = body.map(({ record, info }, i) => {
    const row = i + 1;
    if (record.length !== fields.length) {
      errors.push({
        row,
        line: info.lines,
        field: 'row',
        message: `has ${record.length} cells; the header has ${fields.length}`,
      });
    }
    const cells: Record<string, string> = {};
    fields.forEach((field, j) => {
      if (field) cells[field] = record[j] ?? '';
    });
    return { row, line: info.lines, input: rowInput(cells, units) };
  });
  return { rows, errors };
}

export function jsonRows(text: string): ParsedRows {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { rows: [], errors: [{ field: 'document', message: `not JSON: ${(error as Error).message}` }] };
  }
  const list = Array.isArray(document) ? document : (document as { outfalls?: unknown })?.outfalls;
  if (!Array.isArray(list)) {
    return {
      rows: [],
      errors: [{ field: 'document', message: 'must be a list of outfalls, or { "outfalls": [...] }' }],
    };
  }
  return {
    rows: list.map((input, i) => ({ row: i + 1, input: (input ?? {}) as Record<string, unknown> })),
    errors: [],
  };
}
