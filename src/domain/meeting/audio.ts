import { plural } from '../words/plural.ts';

/** The audio formats a recording may be in, recognised by their first bytes. */
type AudioType = { contentType: string; extension: string };

const ascii = (b: Uint8Array, at: number, s: string) => s.split('').every((c, i) => b[at + i] === c.charCodeAt(0));

// DOMAIN §5: a recording is stored only when its content is audio (MP3/ID3, WAV, Ogg, M4A/MP4, WebM/Matroska, FLAC), whatever type the browser declared.
export function detectAudio(b: Uint8Array): AudioType | undefined {
  if (b.length < 12) return undefined;
  if (ascii(b, 0, 'ID3')) return { contentType: 'audio/mpeg', extension: 'mp3' };
  // An MPEG audio frame: 11 sync bits, a version other than "reserved", a layer other than "reserved".
  if (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0 && (b[1]! & 0x18) !== 0x08 && (b[1]! & 0x06) !== 0) return { contentType: 'audio/mpeg', extension: 'mp3' };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return { contentType: 'audio/wav', extension: 'wav' };
  if (ascii(b, 0, 'OggS')) return { contentType: 'audio/ogg', extension: 'ogg' };
  if (ascii(b, 0, 'fLaC')) return { contentType: 'audio/flac', extension: 'flac' };
  if (ascii(b, 4, 'ftyp')) return { contentType: 'audio/mp4', extension: 'm4a' };
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return { contentType: 'audio/webm', extension: 'webm' };
  return undefined;
}

// DOMAIN §5: the size limit is configuration; shown to people in megabytes.
export function describeBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return plural(n, 'byte');
}
