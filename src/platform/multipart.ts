import type { Request } from 'express';
import busboy from 'busboy';

/** What a route declared `multipart` receives in req.upload: its short fields and at most one file. */
export type Upload = {
  fields: Record<string, string>;
  file?: { data: Buffer; declaredType: string; fileName: string };
  error?: 'not-multipart' | 'too-large' | 'no-file' | 'unreadable';
};

/** A route's multipart declaration: the file field it accepts and the largest file it keeps (per request: it may depend on the partnership). */
export type MultipartSpec = { file: string; maxBytes: (req: Request) => number };

/** Reads one file (the declared field) of at most maxBytes and a few short fields; anything larger is refused, never kept. */
export function readUpload(req: Request, spec: { file: string; maxBytes: number }): Promise<Upload> {
  const { file, maxBytes } = spec;
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
    let fileName = '';
    let tooLarge = false;
    let done = false;
    const finish = (u: Upload) => {
      if (done) return;
      done = true;
      resolve(u);
    };
    bb.on('file', (name, stream, info) => {
      if (name !== file || seen) return stream.resume();
      seen = true;
      declaredType = info.mimeType;
      fileName = info.filename ?? '';
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
      if (typeof value === 'string' && name !== file) fields[name] = value;
    });
    bb.on('close', () => {
      if (tooLarge) return finish({ fields, error: 'too-large' });
      if (!seen || size === 0) return finish({ fields, error: 'no-file' });
      finish({ fields, file: { data: Buffer.concat(chunks, size), declaredType, fileName } });
    });
    bb.on('error', () => {
      req.unpipe(bb);
      req.resume();
      finish({ fields, error: 'unreadable' });
    });
    req.pipe(bb);
  });
}
