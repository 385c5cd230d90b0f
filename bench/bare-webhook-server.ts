import Fastify from 'fastify';
import Stripe from 'stripe';

/**
 * Child process of `npm run bench`: a Fastify route that only verifies a Stripe signature over the
 * raw body, the floor under the service's webhook route. Tells the parent its port; stops on SIGTERM.
 */
async function main(): Promise<void> {
  const secret = process.env.BENCH_WEBHOOK_SECRET ?? '';
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/webhook', async (request, reply) => {
    try {
      Stripe.webhooks.constructEvent(request.body as Buffer, String(request.headers['stripe-signature']), secret);
    } catch {
      return reply.code(400).send({ error: 'invalid signature' });
    }
    return { received: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`bare webhook server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
