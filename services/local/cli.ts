/**
 * The command-line contract of the local tools (`npm start`, `npm run token`, `npm run plan:import`):
 * `--help` prints the usage and exits 0; a bad option prints one line and exits 2, never a stack trace.
 */

/** A problem with the command line or the options the user gave. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses `argv` with `parse`, handling `--help` and usage errors as the contract above says. */
export function parseCommandLine<T>(
  command: string,
  usage: string,
  argv: string[],
  parse: (argv: string[]) => T,
): T {
  const ownArgs = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (ownArgs.includes('--help') || ownArgs.includes('-h')) {
    console.log(usage.trim());
    process.exit(0);
  }
  try {
    return parse(argv);
  } catch (error) {
    const problem = usageProblem(error);
    if (problem === null) throw error;
    console.error(`${command}: ${problem} (see --help)`);
    process.exit(2);
  }
}

/** One line saying what is wrong, or null when `error` is not about the command line. */
export function usageProblem(error: unknown): string | null {
  if (error instanceof UsageError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return null;
  const message = (error as Error).message;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1];
    return `unknown option ${option ?? message.split('.')[0]}`;
  }
  // node:util's messages are a sentence, then advice written for programmers: keep the sentence.
  return (message.split(/\.\s/)[0] ?? message).replace(/\.$/, '');
}
