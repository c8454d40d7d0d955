/**
 * @jest-environment node
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, createDashboardApi } from '../src/api/api-client';
import { DATA, envelope } from './support/fixtures';

/** A real HTTP server standing in for the dashboard API: answers each path from a table. */
let server: Server;
let baseUrl: string;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
const routes: Record<string, { status: number; body: string; contentType?: string }> = {};

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    const route = routes[new URL(request.url ?? '/', 'http://x').pathname] ?? { status: 404, body: JSON.stringify({ error: 'not_found', message: 'no route', request_id: 'r-404' }) };
    response.writeHead(route.status, { 'Content-Type': route.contentType ?? 'application/json' }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  for (const key of Object.keys(routes)) delete routes[key];
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('The dashboard API client', () => {
  it('sends the token as a bearer header and the range as query parameters, never the token in the URL', async () => {
    // Prepare
    routes['/conversations/summary'] = { status: 200, body: JSON.stringify(envelope('conversations_summary', DATA.conversations_summary)) };
    const api = createDashboardApi({ baseUrl, token: 'header.payload.signature' });

    // Act
    const result = await api.getMetric('conversations_summary', { start_date: '2026-11-01', end_date: '2026-11-10' });

    // Assess
    expect(result.data.total_conversations).toBe(1234);
    expect(seen[0]?.url).toBe('/conversations/summary?start_date=2026-11-01&end_date=2026-11-10');
    expect(seen[0]?.headers.authorization).toBe('Bearer header.payload.signature');
  });

  it('asks for the submissions CSV with format=csv and Accept: text/csv, and keeps its bytes (byte order mark included)', async () => {
    // Prepare
    routes['/forms/submissions'] = { status: 200, body: '\uFEFFSubmission ID,Form\r\nsub_1,Volunteer application\r\n', contentType: 'text/csv; charset=utf-8; header=present' };
    const api = createDashboardApi({ baseUrl, token: 't.t.t' });

    // Act
    const blob = await api.getSubmissionsCsv({ range: '7d' });

    // Assess
    expect(seen[0]?.url).toBe('/forms/submissions?range=7d&format=csv');
    expect(seen[0]?.headers.accept).toBe('text/csv');
    expect([...new Uint8Array(await blob.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('turns a refused CSV export into an ApiError with the API’s message', async () => {
    routes['/forms/submissions'] = { status: 400, body: JSON.stringify({ error: 'bad_request', message: 'this range holds more than 5,000 form submissions', request_id: 'r-1' }) };
    const api = createDashboardApi({ baseUrl, token: 't.t.t' });

    const error = await failure(api.getSubmissionsCsv({ range: '90d' }));

    expect({ kind: error.kind, message: error.message, requestId: error.requestId }).toEqual({ kind: 'bad_request', message: 'this range holds more than 5,000 form submissions', requestId: 'r-1' });
  });

  it('pages through submissions with limit and next_token', async () => {
    routes['/forms/submissions'] = { status: 200, body: JSON.stringify({ data: { submissions: [], count: 0, next_token: null } }) };
    const api = createDashboardApi({ baseUrl, token: 't.t.t' });

    await api.getSubmissions({ range: '7d', limit: '25', next_token: 'abc/+=' });

    expect(seen[0]?.url).toBe('/forms/submissions?range=7d&limit=25&next_token=abc%2F%2B%3D');
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [400, 'bad_request'],
    [500, 'server'],
    [503, 'server'],
  ] as const)('turns a %i into an ApiError of kind %s carrying the API message and request id', async (status, kind) => {
    routes['/analytics/summary'] = { status, body: JSON.stringify({ error: kind, message: `message for ${status}`, request_id: `req-${status}` }) };
    const api = createDashboardApi({ baseUrl, token: 't.t.t' });

    const error = await failure(api.getMetric('analytics_summary', { range: '7d' }));

    expect({ kind: error.kind, status: error.status, message: error.message, requestId: error.requestId }).toEqual({ kind, status, message: `message for ${status}`, requestId: `req-${status}` });
  });

  it('falls back to the status line when an error body is not JSON (a proxy page)', async () => {
    routes['/analytics/summary'] = { status: 502, body: '<html>Bad Gateway</html>' };
    const api = createDashboardApi({ baseUrl, token: 't.t.t' });

    const error = await failure(api.getMetric('analytics_summary', { range: '7d' }));

    expect(error.kind).toBe('server');
    expect(error.message).toBe('502 Bad Gateway');
  });

  it('reports a network failure when nothing listens at the base URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const api = createDashboardApi({ baseUrl: `http://127.0.0.1:${port}`, token: 't.t.t' });

    const error = await failure(api.getMetric('analytics_summary', { range: '7d' }));

    expect(error.kind).toBe('network');
  });

  it('reports a 200 whose body is not JSON as unreadable', async () => {
    routes['/analytics/funnel'] = { status: 200, body: 'not json' };
    const api = createDashboardApi({ baseUrl, token: 't.t.t' });

    expect((await failure(api.getMetric('analytics_funnel', { range: '7d' }))).kind).toBe('invalid_response');
  });
});
