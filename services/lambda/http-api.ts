/** API Gateway HTTP API (payload 2.0) events as fetch requests, and fetch `Response`s back as results. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** The URL and init of the request (not a `Request`: yoga builds its own with its fetch implementation). */
export function toRequest(event: APIGatewayProxyEventV2, correlationId: string): [string, RequestInit] {
  const url = `https://${event.requestContext.domainName}${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value !== undefined) headers.set(name, value);
  headers.set('x-correlation-id', correlationId);
  const method = event.requestContext.http.method;
  const body =
    method === 'GET' || method === 'HEAD' || !event.body
      ? undefined
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64')
        : event.body;
  return [url, { method, headers, body }];
}

export async function toResult(response: Response): Promise<APIGatewayProxyStructuredResultV2> {
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: await response.text(),
  };
}

/** The caller's `x-correlation-id` (HTTP APIs lower-case header names), else the Lambda request id. */
export function correlationIdOf(event: APIGatewayProxyEventV2, awsRequestId: string): string {
  return event.headers?.['x-correlation-id'] || awsRequestId;
}
