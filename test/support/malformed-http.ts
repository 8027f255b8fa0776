/** Malformations of the HTTP request itself, for the malformed corpus (`malformed-corpus.ts`). */

/** One request of the corpus, without its token. */
export interface CorpusCase {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  /** The query string, `?…` or empty. */
  search: string;
  headers: Record<string, string>;
  body?: string | ArrayBuffer;
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** Malformations of the HTTP request itself. */
export function httpCases(): CorpusCase[] {
  const query = '{ plans { id } }';
  // A mutation that would change the table if it ran: a transport that must refuse it, must.
  const mutation =
    'mutation { intakeComplaint(input: { channel: PHONE, location: "corpus", description: "corpus" }) { id } }';
  const raw = (
    name: string,
    body: string | ArrayBuffer,
    headers: Record<string, string> = JSON_HEADERS,
  ): CorpusCase => ({
    name: `HTTP: ${name}`,
    method: 'POST',
    search: '',
    headers,
    body,
  });
  const get = (name: string, params: Record<string, string>): CorpusCase => ({
    name: `HTTP: ${name}`,
    method: 'GET',
    search: `?${new URLSearchParams(params)}`,
    headers: {},
  });
  return [
    raw('a body that is not JSON', '{"query": "{ plans { id } }"'),
    raw('an empty body', ''),
    raw('a JSON string body', '"{ plans { id } }"'),
    raw('a JSON number body', '42'),
    raw('a JSON null body', 'null'),
    raw('a batched array', JSON.stringify([{ query }, { query }])),
    raw('a batched array of mutations', JSON.stringify([{ query: mutation }, { query: mutation }])),
    raw('an empty batch', '[]'),
    raw('no query', '{}'),
    raw('a query that is a number', JSON.stringify({ query: 1 })),
    raw('a query that is an object', JSON.stringify({ query: { text: query } })),
    raw('an empty query', JSON.stringify({ query: '' })),
    raw('variables that are a string', JSON.stringify({ query, variables: 'x' })),
    raw('variables that are an array', JSON.stringify({ query, variables: [1] })),
    raw('extensions that are a string', JSON.stringify({ query, extensions: 'x' })),
    raw('an operation name that is not in the document', JSON.stringify({ query, operationName: 'Nope' })),
    raw('an operation name that is a number', JSON.stringify({ query, operationName: 1 })),
    raw('two operations and no name', JSON.stringify({ query: `query A ${query} query B ${query}` })),
    raw(
      'a persisted-query hash that is unknown',
      JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ab' } } }),
    ),
    raw('a body in UTF-16', Uint8Array.from(Buffer.from(JSON.stringify({ query }), 'utf16le')).buffer),
    raw('a body of invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]).buffer),
    raw('a body with a byte-order mark', `\ufeff${JSON.stringify({ query })}`),
    raw('a body of 2 MB', JSON.stringify({ query, variables: { x: 'x'.repeat(2_000_000) } })),
    raw('JSON as text/plain', JSON.stringify({ query }), { 'content-type': 'text/plain' }),
    raw('JSON as application/xml', JSON.stringify({ query }), { 'content-type': 'application/xml' }),
    raw('no content type', JSON.stringify({ query }), {}),
    raw(
      'a form with variables that are not JSON',
      new URLSearchParams({ query, variables: '[' }).toString(),
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    ),
    raw('multipart without a boundary', JSON.stringify({ query }), { 'content-type': 'multipart/form-data' }),
    raw(
      'multipart with a bogus part',
      '--b\r\ncontent-disposition: form-data; name="operations"\r\n\r\n{bad\r\n--b--',
      {
        'content-type': 'multipart/form-data; boundary=b',
      },
    ),
    raw('a content type with a bogus charset', JSON.stringify({ query }), {
      'content-type': 'application/json; charset=nope',
    }),
    raw(
      '100,000 ids',
      JSON.stringify({
        query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
        variables: { ids: Array.from({ length: 100_000 }, (_, i) => `Unit:u${i}`) },
      }),
    ),
    get('GET without a query', {}),
    get('GET with an empty query', { query: '' }),
    get('GET with a mutation', { query: mutation }),
    get('GET with variables that are not JSON', { query, variables: '{x' }),
    get('GET with a query of 100 KB', { query: `{ plans { id } } #${'x'.repeat(100_000)}` }),
    {
      name: 'HTTP: PUT',
      method: 'PUT' as const,
      search: '',
      headers: JSON_HEADERS,
      body: JSON.stringify({ query }),
    },
  ].map((c) => ({ ...c, headers: { ...c.headers } }));
}
