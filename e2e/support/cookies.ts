/** A cookie jar for HTTP tests without a browser: keeps each response's Set-Cookie, gives the Cookie header to send. */
export function cookieJar() {
  const jar = new Map<string, string>();
  return {
    keep(res: Response): void {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair!.indexOf('=');
        jar.set(pair!.slice(0, i), pair!.slice(i + 1));
      }
    },
    header: (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}
