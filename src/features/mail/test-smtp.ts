import net from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as a test reads it: envelope recipients, decoded subject, text body and attachments. */
type ReceivedMail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
  raw: string;
  attachments: ReceivedAttachment[];
};

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) in a header value. */
function decodeWords(v: string): string {
  return v.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _cs, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function decodeBody(body: string, encoding: string): string {
  const e = encoding.toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (e === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function splitHead(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body: raw.slice(split + 4) };
}

/** A file that arrived with a message: its name, type, decoded content (as text) and its bytes (a PDF). */
type ReceivedAttachment = { filename: string; contentType: string; content: string; bytes: Buffer };

/**
 * Reads a message as nodemailer writes it: a single text part, or multipart/mixed with a text part and
 * attachments (enough for tests, not a general parser).
 */
function parseMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const { headers, body } = splitHead(raw);
  const boundary = /multipart\/[a-z]+;.*boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  let text = '';
  const attachments: ReceivedAttachment[] = [];
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const p = splitHead(part.replace(/^\r\n/, ''));
      const encoding = p.headers['content-transfer-encoding'] ?? '7bit';
      const content = decodeBody(p.body.replace(/\r\n$/, ''), encoding).replace(/\r\n/g, '\n');
      const filename = /filename="?([^";]+)"?/i.exec(p.headers['content-disposition'] ?? p.headers['content-type'] ?? '')?.[1];
      const bytes = encoding.toLowerCase() === 'base64' ? Buffer.from(p.body.replace(/\s+/g, ''), 'base64') : Buffer.from(content, 'utf8');
      if (filename) attachments.push({ filename: decodeWords(filename), contentType: (p.headers['content-type'] ?? '').split(';')[0]!.trim(), content, bytes });
      else if (!text) text = content.replace(/\n$/, '');
    }
  } else {
    text = decodeBody(body, headers['content-transfer-encoding'] ?? '7bit')
      .replace(/\r\n/g, '\n')
      .replace(/\n$/, '');
  }
  return { ...envelope, subject: decodeWords(headers.subject ?? ''), text, headers, raw, attachments };
}

/** A real SMTP server on 127.0.0.1 and a free port, collecting what it receives. */
export async function startSmtpServer(opts: { rejectRecipients?: (to: string) => boolean } = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (opts.rejectRecipients?.(address.address)) {
        const err = new Error('Recipient address rejected') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        received.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An SMTP URL on which nothing listens: connections are refused at once. */
export async function closedSmtpUrl(): Promise<string> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `smtp://127.0.0.1:${port}`;
}
