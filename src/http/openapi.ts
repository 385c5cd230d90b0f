import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { SECURITY_SCHEMES } from './route-scopes';

export interface RegisteredRoute {
  method: string;
  url: string;
  /** Left out of the document on purpose (`schema.hide`): pages for people, the docs themselves. */
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, so a test can check each one is documented or deliberately hidden. */
    registeredRoutes: readonly RegisteredRoute[];
  }
}

/** Where the reference lives (docs/api.md): the document and the page that renders it. */
export const OPENAPI_JSON_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

/**
 * Routes validate and serialize with their zod schemas (fastify-type-provider-zod) and
 * @fastify/swagger turns the same schemas into an OpenAPI 3.1 document. Register before any route:
 * swagger collects routes as they are added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, hidden: route.schema?.hide === true });
  });
  app.decorate('registeredRoutes', routes);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Durable booking service',
        version: 'v1',
        description: 'Generated from the zod schemas of src/schemas. Flows, rules and error codes: docs/api.md in the repository.',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: jsonSchemaTransform,
  });
  // swagger-ui's files ship inside the package: the page works offline, and staticCSP sends a
  // Content-Security-Policy that allows only this origin's own scripts and styles.
  await app.register(swaggerUi, {
    routePrefix: DOCS_PATH,
    staticCSP: true,
    uiConfig: { validatorUrl: null },
  });
  app.get(OPENAPI_JSON_PATH, { schema: { hide: true } }, async () => app.swagger());
}
