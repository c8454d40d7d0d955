import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startFunctionUrlServer, type FunctionUrlHandler, type FunctionUrlServer } from './function-url-server';

describe('Function URL emulator', () => {
  let server: FunctionUrlServer;
  let seen: APIGatewayProxyEventV2[] = [];
  let reply: FunctionUrlHandler = async () => ({ statusCode: 204 });

  beforeAll(async () => {
    server = await startFunctionUrlServer({
      functionName: 'test-fn',
      handler: (event, context) => {
        seen.push(event);
        return reply(event, context);
      },
    });
  });
  beforeEach(() => {
    seen = [];
  });
  afterAll(() => server.close());

  it('turns a request into a payload 2.0 event', async () => {
    // Act
    await fetch(`${server.url}/forms/summary?range=7d&tag=a&tag=b&q=a%20b`, {
      headers: { Authorization: 'Bearer x.y.z', 'X-Custom': 'One', Cookie: 'a=1; b=2' },
    });

    // Assess
    const event = seen[0]!;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/forms/summary',
      rawQueryString: 'range=7d&tag=a&tag=b&q=a%20b',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { range: '7d', tag: 'a,b', q: 'a b' },
      isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/forms/summary', sourceIp: '127.0.0.1' }, stage: '$default' },
    });
    expect(event.headers).toMatchObject({ authorization: 'Bearer x.y.z', 'x-custom': 'One' });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.body).toBeUndefined();
  });

  it('passes a JSON body as text and a binary body as base64', async () => {
    // Act
    await fetch(server.url + '/in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    await fetch(server.url + '/in', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 255, 1]) });

    // Assess
    expect([seen[0]!.body, seen[0]!.isBase64Encoded]).toEqual(['{"a":1}', false]);
    expect([seen[1]!.body, seen[1]!.isBase64Encoded]).toEqual([Buffer.from([0, 255, 1]).toString('base64'), true]);
  });

  it('writes a structured result back: status, headers, cookies, base64 body decoded', async () => {
    // Prepare
    reply = async () => ({ statusCode: 201, headers: { 'x-answer': '42', 'content-type': 'application/octet-stream' }, cookies: ['s=1; HttpOnly', 't=2'], body: Buffer.from([7, 8]).toString('base64'), isBase64Encoded: true });

    // Act
    const res = await fetch(server.url + '/out');

    // Assess
    expect(res.status).toBe(201);
    expect(res.headers.get('x-answer')).toBe('42');
    expect(res.headers.getSetCookie()).toEqual(['s=1; HttpOnly', 't=2']);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([7, 8]);
  });

  it('answers 200 JSON for a result without statusCode, as Lambda infers it', async () => {
    reply = async () => ({ hello: 'world' });
    const res = await fetch(server.url + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ hello: 'world' });
  });

  it('answers 502 when the handler throws, and keeps serving', async () => {
    // Prepare
    reply = async () => {
      throw new Error('boom');
    };

    // Act
    const failed = await fetch(server.url + '/');
    reply = async () => ({ statusCode: 200, body: 'ok' });
    const next = await fetch(server.url + '/');

    // Assess
    expect(failed.status).toBe(502);
    expect(await failed.text()).not.toMatch(/boom/);
    expect(next.status).toBe(200);
  });

  it('gives its one execution environment one request at a time, as Lambda does', async () => {
    // Prepare: a handler that notes how many invocations overlap.
    let inFlight = 0;
    let maxInFlight = 0;
    const server = await startFunctionUrlServer({
      functionName: 'serial',
      handler: async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight -= 1;
        return { statusCode: 200, body: 'ok' };
      },
    });
    try {
      // Act: five requests at once.
      const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(server.url)));
      // Assess
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(maxInFlight).toBe(1);
    } finally {
      await server.close();
    }
  });
});
