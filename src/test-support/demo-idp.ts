// Issue 16: a local identity provider for the demo and the browser test: every demo user ({role}@{partnership}.example.org)
// can sign in through it, with a second factor (amr "mfa"), so that "Sign in with …" can be tried without Entra ID.
import { loadPartnerships } from '../partnerships/index.ts';
import { roles } from '../platform/roles.ts';
import { startTestProvider, type TestProvider } from './oidc-provider.ts';

export type DemoIdp = TestProvider & { env: Record<string, string> };

export async function startDemoIdp(o: { port?: number; publicUrl: string }): Promise<DemoIdp> {
  const ids = [...loadPartnerships().keys()];
  const publicUrl = o.publicUrl.replace(/\/$/, '');
  const provider = await startTestProvider(
    ids.map((id) => ({
      clientId: `mace-${id}`,
      clientSecret: `demo-${id}-client-secret`,
      redirectUris: [`${publicUrl}/auth/oidc/${id}/callback`],
      postLogoutRedirectUris: [`${publicUrl}/signed-out`],
    })),
    { port: o.port },
  );
  for (const id of ids)
    for (const role of roles) {
      const email = `${role}@${id}.example.org`;
      provider.accounts.set(email, { email, email_verified: true, amr: ['pwd', 'mfa'] });
    }
  const env: Record<string, string> = { PUBLIC_URL: publicUrl };
  for (const id of ids) {
    const v = `OIDC_${id.toUpperCase().replace(/-/g, '_')}`;
    env[`${v}_ISSUER`] = provider.issuer;
    env[`${v}_CLIENT_ID`] = `mace-${id}`;
    env[`${v}_CLIENT_SECRET`] = `demo-${id}-client-secret`;
  }
  return { ...provider, env };
}
