import { loadConfig } from '../config.ts';
import { loadPartnerships } from '../partnerships/index.ts';
import { openDb } from './client.ts';
import { migrate } from './migrate.ts';
import { syncPartnerships } from './sync.ts';
import { seedDemo } from './demo-seed.ts';

// `npm run seed:demo`: loads the demo data into the configured database (PGlite or DATABASE_URL).
const config = loadConfig();
const partnerships = loadPartnerships();
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrate(db, config.dbAppRole);
await db.useAppRole(config.dbAppRole);
await syncPartnerships(db, partnerships);
const result = await seedDemo(db, partnerships, config.bankHolidays, config.demoPassword);
console.log(`Demo data loaded: ${result.users} users, ${result.children} children added.`);
console.log(`Sign in as {role}@{partnership}.example.org, for example practitioner@staffordshire.example.org`);
console.log(result.generated ? `Demo password (generated; set DEMO_PASSWORD to choose one): ${result.password}` : 'Demo password: the value of DEMO_PASSWORD');
await db.close();
