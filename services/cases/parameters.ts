/** Names of heavy-metal parameters as samples write them, read as chemical symbols. Pure. */

const ALIASES: Record<string, readonly string[]> = {
  Pb: ['铅', '总铅', 'lead'],
  Hg: ['汞', '总汞', 'mercury'],
  Cd: ['镉', '总镉', 'cadmium'],
  Cr: ['铬', '总铬', '六价铬', 'Cr6+', 'Cr(VI)', 'chromium', 'hexavalent chromium'],
  As: ['砷', '总砷', 'arsenic'],
  Tl: ['铊', '总铊', 'thallium'],
  Sb: ['锑', '总锑', 'antimony'],
  Ni: ['镍', '总镍', 'nickel'],
  Cu: ['铜', '总铜', 'copper'],
  Zn: ['锌', '总锌', 'zinc'],
  Ag: ['银', '总银', 'silver'],
  V: ['钒', '总钒', 'vanadium'],
  Mn: ['锰', '总锰', 'manganese'],
  Co: ['钴', '总钴', 'cobalt'],
};

const BY_NAME = new Map<string, string>();
for (const [symbol, names] of Object.entries(ALIASES)) {
  BY_NAME.set(symbol, symbol);
  for (const name of names) BY_NAME.set(/[a-z(]/i.test(name) ? name.toLowerCase() : name, symbol);
}

/**
 * The chemical symbol a parameter name stands for (`总镉`, `cadmium`, `Cd` → `Cd`), or the trimmed name
 * itself when it is no heavy metal this table knows. Symbols are matched exactly (`CO` is not `Co`);
 * English names in any case.
 */
export function parameterSymbol(name: string): string {
  const trimmed = name.trim();
  return BY_NAME.get(trimmed) ?? BY_NAME.get(trimmed.toLowerCase().replace(/^total\s+/, '')) ?? trimmed;
}
