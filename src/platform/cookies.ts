import type { Request, Response } from 'express';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) {
      const v = part.slice(i + 1).trim();
      return /^(?:[a-z0-9-]{1,60}\.)?[A-Za-z0-9_-]{20,100}$/.test(v) ? v : undefined; // a session's secret starts with its partnership's id
    }
  }
  return undefined;
}

export function setCookie(res: Response, name: string, value: string, secure: boolean) {
  res.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

export function clearCookie(res: Response, name: string, secure: boolean) {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
