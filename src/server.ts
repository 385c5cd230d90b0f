import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { loadConfigOrExit, type Config } from './config';
import { openDatabase } from './db/data-source';
import { connectTemporalClient } from './integrations/temporal-client';
import { createLogger, type Logger } from './logger';
import { onShutdownSignal } from './process-signals';

/** The API role: listens on HOST:PORT until SIGINT/SIGTERM, then drains and closes. */
export async function runApi(config: Config, logger: Logger): Promise<FastifyInstance> {
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new Error('the API needs DATABASE_URL and TEMPORAL_ADDRESS (npm start provides both from embedded services)');
  }
  const db = await openDatabase(config.DATABASE_URL);
  const temporal = await connectTemporalClient(config);
  const app = await buildApp({ config, db, temporal: temporal.client });
  app.addHook('onClose', async () => {
    await temporal.close();
    await db.destroy();
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ url: `http://${config.HOST}:${config.PORT}` }, 'API listening');
  onShutdownSignal(() => app.close());
  return app;
}

if (require.main === module) {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL, 'api');
  runApi(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, 'API failed to start');
    process.exit(1);
  });
}
