// npm run demo:idp — the demo's identity provider (issue 16); never for live data. DEMO_IDP_PORT (4400) and PUBLIC_URL
// (the app's address, http://localhost:3000) as the app will have them.
import { startDemoIdp } from './demo-idp.ts';

const port = Number(process.env.DEMO_IDP_PORT || 4400);
const idp = await startDemoIdp({ port, publicUrl: process.env.PUBLIC_URL || 'http://localhost:3000' });
console.log(`Demo identity provider at ${idp.issuer} (not for live data). Start the app with:\n`);
console.log(
  Object.entries(idp.env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' \\\n') + ' \\\nnpm start\n',
);
console.log('Then choose "Sign in with your organisation’s account" and type a demo user’s email (for example coordinator@staffordshire.example.org).');
const stop = () => void idp.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
