import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Routes kept out of the API document on purpose: pages for people and the docs themselves.
const NON_API_ROUTES = [
  /^\/checkout\/(success|cancel)$/,
  /^\/test-mode\/checkout\//,
  /^\/openapi\.json$/,
  /^\/metrics$/,
  /^\/docs(\/|$)/,
  // The customer's manage pages, the page at / and the widget's script.
  /^\/manage\//,
  /^\/$/,
  /^\/widget\.js$/,
  // @fastify/cors answers every preflight through one OPTIONS * route.
  /^\*$/,
];

/** Fastify's `:id` path syntax as OpenAPI writes it: `{id}`. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

describe('the OpenAPI document generated from the zod schemas', () => {
  let t: TestApp;
  let document: OpenAPIV3_1.Document;
  beforeAll(async () => {
    t = await createTestApp({ PLATFORM_ADMIN_TOKEN: 'platform-token-for-openapi-test' });
    const response = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    document = response.json();
  });
  afterAll(async () => t.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('documents every registered route, except the listed non-API pages', () => {
    const routes = t.app.registeredRoutes.filter((route) => route.method !== 'HEAD');
    const undocumented = routes.filter((route) => {
      const operation = document.paths?.[openApiPath(route.url)]?.[route.method.toLowerCase() as OpenAPIV3_1.HttpMethods];
      return !operation && !NON_API_ROUTES.some((pattern) => pattern.test(route.url));
    });
    expect(undocumented).toEqual([]);
    const hiddenApiRoutes = routes.filter((route) => route.hidden && !NON_API_ROUTES.some((pattern) => pattern.test(route.url)));
    expect(hiddenApiRoutes).toEqual([]);
    expect(routes.length).toBeGreaterThan(15);
  });

  it('names the credential of each scope and the request schemas', () => {
    expect(document.paths?.['/v1/catalog']?.get?.security).toEqual([{ tenantKey: [] }]);
    expect(document.paths?.['/v1/admin/bookings']?.get?.security).toEqual([{ secretKey: [] }]);
    expect(document.paths?.['/v1/platform/tenants']?.post?.security).toEqual([{ platformToken: [] }]);
    expect(document.paths?.['/healthz']?.get?.security).toBeUndefined();
    const body = document.paths?.['/v1/proposals']?.post?.requestBody as OpenAPIV3_1.RequestBodyObject;
    const schema = body.content['application/json'].schema as OpenAPIV3_1.SchemaObject;
    expect(schema.required).toEqual(expect.arrayContaining(['packageId', 'date', 'customerName', 'customerEmail']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('leaves Stripe ids out of the admin booking schema', () => {
    const text = JSON.stringify(document.paths?.['/v1/admin/bookings']);
    expect(text).toContain('confirmationCode');
    expect(text).not.toMatch(/stripe|checkoutSession|paymentIntent/i);
  });

  it('serves a docs page from this service, no outside scripts', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).not.toMatch(/src="https?:/);
    expect(String(page.headers['content-security-policy'])).toMatch(/default-src 'self'/);
    const script = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(script.statusCode).toBe(200);
  });
});
