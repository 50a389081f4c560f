import type { NextFunction, Request, Response } from 'express';

/** One line per request: the route pattern, never the URL (which may hold ids) nor its query (which may hold names). */
export function logger(level: 'silent' | 'error' | 'info') {
  return (req: Request, res: Response, next: NextFunction) => {
    if (level !== 'info') return next();
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      if (req.path.startsWith('/assets/')) return;
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      console.log(
        JSON.stringify({
          at: new Date().toISOString(),
          method: req.method,
          route: req.route?.path ?? 'unmatched',
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
        }),
      );
    });
    next();
  };
}
