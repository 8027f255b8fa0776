/**
 * X-Ray tracing by the Powertools tracer: a `## <handler>` subsegment around each invocation (cold start
 * and service annotated), and AWS SDK clients whose calls become subsegments. It brings the X-Ray SDK
 * (~125 KB minified), so only the workers import it: the GraphQL bundle stays under its 1 MB budget
 * without it (`npm run bench` shows the sizes). Outside Lambda the tracer disables itself.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';

const tracer = new Tracer();

/** The client, its calls traced. */
export function traceClient<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}

export async function traced<T>(run: () => Promise<T>): Promise<T> {
  if (!tracer.isTracingEnabled()) return run();
  const segment = tracer.getSegment();
  const subsegment = segment?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
  if (subsegment) tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    return await run();
  } catch (error) {
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    subsegment?.close();
    if (segment) tracer.setSegment(segment);
  }
}
