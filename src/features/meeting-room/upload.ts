import type { NextFunction, Request, Response } from 'express';
import busboy from 'busboy';

const recordingPath = /^\/meetings\/[0-9a-f-]{36}\/items\/[0-9a-f-]{36}\/recordings$/i;

/**
 * A multipart form's body is read by its own handler, after the CSRF check: so the recording form sends
 * its token in the query, and this hands that token (nothing else) to the usual check, with the same
 * signer. A forged upload without the session's token is refused by csrfProtection as any form is.
 * Mounted before csrfProtection in app.ts.
 */
export function recordingCsrf() {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.method === 'POST' && recordingPath.test(req.path) && req.is('multipart/form-data') && typeof req.query._csrf === 'string') {
      req.body = { _csrf: req.query._csrf };
    }
    next();
  };
}

export type Upload = { fields: Record<string, string>; file?: { data: Buffer; declaredType: string }; error?: 'not-multipart' | 'too-large' | 'no-file' | 'unreadable' };

/** Reads one file (field `recording`) of at most maxBytes and a few short fields; anything larger is refused, never kept. */
export function readUpload(req: Request, maxBytes: number): Promise<Upload> {
  return new Promise((resolve) => {
    const fields: Record<string, string> = {};
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 2000, parts: 12 } });
    } catch {
      return resolve({ fields, error: 'not-multipart' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let seen = false;
    let declaredType = '';
    let tooLarge = false;
    let done = false;
    const finish = (u: Upload) => {
      if (done) return;
      done = true;
      resolve(u);
    };
    bb.on('file', (name, stream, info) => {
      if (name !== 'recording' || seen) return stream.resume();
      seen = true;
      declaredType = info.mimeType;
      stream.on('data', (d: Buffer) => {
        size += d.length;
        if (!tooLarge) chunks.push(d);
      });
      stream.on('limit', () => {
        tooLarge = true;
        chunks.length = 0;
      });
    });
    bb.on('field', (name, value) => {
      if (typeof value === 'string' && name !== 'recording') fields[name] = value;
    });
    bb.on('close', () => {
      if (tooLarge) return finish({ fields, error: 'too-large' });
      if (!seen || size === 0) return finish({ fields, error: 'no-file' });
      finish({ fields, file: { data: Buffer.concat(chunks, size), declaredType } });
    });
    bb.on('error', () => {
      req.unpipe(bb);
      req.resume();
      finish({ fields, error: 'unreadable' });
    });
    req.pipe(bb);
  });
}
