/**
 * What code wrote to stdout and stderr, read back as Lambda's log stream: Powertools writes its JSON log
 * lines (warnings and errors to stderr) and its EMF metric documents there, one JSON object a line.
 */

export type LogLine = Record<string, unknown>;

export async function captureOutput<T>(run: () => Promise<T>): Promise<{ result: T; lines: LogLine[] }> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof stream.write;
  }
  try {
    const result = await run();
    return { result, lines: parseLines(chunks.join('')) };
  } catch (error) {
    throw Object.assign(error as Error, { lines: parseLines(chunks.join('')) });
  } finally {
    streams.forEach((stream, i) => {
      stream.write = writes[i] as typeof stream.write;
    });
  }
}

function parseLines(text: string): LogLine[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

export interface EmfMetric {
  namespace: string;
  name: string;
  value: unknown;
  dimensions: Record<string, string>;
}

/** The metrics of the EMF documents among the lines (CloudWatch's embedded metric format). */
export function emfMetrics(lines: LogLine[]): EmfMetric[] {
  return lines.flatMap((line) => {
    const aws = line._aws as
      | { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }
      | undefined;
    if (!aws) return [];
    return aws.CloudWatchMetrics.flatMap(({ Namespace, Dimensions, Metrics }) =>
      Metrics.map(({ Name }) => ({
        namespace: Namespace,
        name: Name,
        value: line[Name],
        dimensions: Object.fromEntries((Dimensions[0] ?? []).map((d) => [d, String(line[d])])),
      })),
    );
  });
}

/** The log lines (not EMF documents) with this message. */
export function logLines(lines: LogLine[], message: string): LogLine[] {
  return lines.filter((line) => !line._aws && line.message === message);
}
