import http from 'node:http';
import { openDb } from '../db/client.ts';
import { loadTrackerConfig } from './config.ts';
import { createTrackerCore } from './core.ts';
import { engineNamed } from './engines.ts';
import { trackerHandler } from './http.ts';
import { migrateTracker } from './migrate.ts';

// The national tracker as its own process: config → database → migrate → index from the store → listen.
const config = loadTrackerConfig();
const log = config.log === 'info' ? (line: string) => console.log(line) : () => undefined;
const db = await openDb(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
await migrateTracker(db);
const core = await createTrackerCore({ db, engine: engineNamed(config.engine), thresholds: config.thresholds });
const server = http.createServer(trackerHandler({ core, tokens: config.tokens, log }));
server.requestTimeout = 15 * 60_000;
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // The test harness reads this line for the port when TRACKER_PORT=0.
  console.log(`tracker listening on http://${config.host}:${port} (${core.size} encodings, ${config.tokens.size} partnerships)`);
});

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  server.close(() => void db.close().finally(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
