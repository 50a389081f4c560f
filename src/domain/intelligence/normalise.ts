// Identifying features of people of concern (DOMAIN §6, "what to bring": registration plates, phone
// numbers, places of work; locations of concern): each is normalised so that the same plate, number,
// postcode or online account is recognised however it was typed, and never recorded twice.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

type Normalised = { ok: true; key: string; display: string; format?: string } | { ok: false; error: string };

export const plateFormats = {
  current: 'current (2001 on), like AB12 CDE',
  prefix: 'prefix (1983 to 2001), like A123 BCD',
  suffix: 'suffix (1963 to 1983), like ABC 123D',
  dateless: 'dateless, like ABC 123 or 1234 AB',
} as const;

const plateRules: { format: keyof typeof plateFormats; re: RegExp; split: (s: string) => [string, string] }[] = [
  { format: 'current', re: /^[A-Z]{2}[0-9]{2}[A-Z]{3}$/, split: (s) => [s.slice(0, 4), s.slice(4)] },
  { format: 'prefix', re: /^[A-Z][0-9]{1,3}[A-Z]{3}$/, split: (s) => [s.slice(0, s.length - 3), s.slice(-3)] },
  { format: 'suffix', re: /^[A-Z]{3}[0-9]{1,3}[A-Z]$/, split: (s) => [s.slice(0, 3), s.slice(3)] },
  {
    format: 'dateless',
    re: /^[A-Z]{1,3}[0-9]{1,4}$/,
    split: (s) => {
      const i = s.search(/[0-9]/);
      return [s.slice(0, i), s.slice(i)];
    },
  },
  {
    format: 'dateless',
    re: /^[0-9]{1,4}[A-Z]{1,3}$/,
    split: (s) => {
      const i = s.search(/[A-Z]/);
      return [s.slice(0, i), s.slice(i)];
    },
  },
];

// DOMAIN §6: a UK registration plate (current, prefix, suffix or dateless) is kept upper-case without spaces and shown with the standard space
export function normalisePlate(input: string): Normalised {
  const s = input.toUpperCase().replace(/[\s-]+/g, '');
  if (!s) return { ok: false, error: 'Enter the registration plate' };
  if (!/^[A-Z0-9]+$/.test(s)) return { ok: false, error: 'Registration plate must contain only letters, numbers and spaces' };
  for (const r of plateRules) {
    if (r.re.test(s)) {
      const [a, b] = r.split(s);
      return { ok: true, key: s, display: `${a} ${b}`, format: r.format };
    }
  }
  return { ok: false, error: 'Enter a UK registration plate in a known format, like AB12 CDE, A123 BCD, ABC 123D or ABC 123' };
}

/** Ofcom's ranges kept for drama (fictional numbers, as in demo and test data): valid numbers, never anyone's. */
const ofcomDrama = /^\+44(7700900\d{3}|1632960\d{3}|11[3-8]4960\d{3}|1[2-6]14960\d{3}|20794600\d{2}|2896496\d{3}|2920180\d{3})$/;

// DOMAIN §6: a phone number is kept in E.164 (UK by default: 07…, 01…, +44, 0044), shown in the national format for UK numbers
export function normalisePhone(input: string, defaultRegion: 'GB' = 'GB'): Normalised {
  const raw = input.trim();
  if (!raw) return { ok: false, error: 'Enter the phone number' };
  if (!/^[+0-9()\s.-]+$/.test(raw)) return { ok: false, error: 'Phone number must contain only numbers, spaces, brackets, dashes and a leading +' };
  const cleaned = raw.replace(/[\s().-]+/g, '').replace(/^00/, '+');
  if (cleaned.indexOf('+') > 0) return { ok: false, error: 'Phone number can only have a + at the start' };
  const parsed = parsePhoneNumberFromString(cleaned, defaultRegion);
  if (!parsed || !(parsed.isValid() || ofcomDrama.test(parsed.number))) {
    return {
      ok: false,
      error:
        cleaned.startsWith('+') && !cleaned.startsWith('+44')
          ? 'Enter a valid phone number, including the country code'
          : 'Enter a valid UK phone number, like 07700 900 123 or 01632 960 001',
    };
  }
  const e164 = parsed.number;
  const display = parsed.countryCallingCode === '44' ? parsed.formatNational() : parsed.formatInternational();
  return { ok: true, key: e164, display, format: parsed.getType() ?? (ofcomDrama.test(e164) ? 'fictional' : undefined) };
}

const postcodeRe =
  /^(GIR0AA|[A-PR-UWYZ][0-9][0-9]?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?[0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][0-9][A-HJKPSTUW][0-9][ABD-HJLNP-UW-Z]{2}|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY][0-9][ABD-HJLNP-UW-Z]{2})$/;

// DOMAIN §6: a UK postcode (including GIR 0AA) is checked for its format and kept upper-case with one space before the last three characters
export function normalisePostcode(input: string): Normalised {
  const s = input.toUpperCase().replace(/\s+/g, '');
  if (!s) return { ok: false, error: 'Enter the postcode' };
  if (!postcodeRe.test(s)) return { ok: false, error: 'Enter a real UK postcode, like ST16 2AB' };
  const display = `${s.slice(0, -3)} ${s.slice(-3)}`;
  return { ok: true, key: display, display };
}

export const platforms = {
  snapchat: 'Snapchat',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  facebook: 'Facebook',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  x: 'X (Twitter)',
  youtube: 'YouTube',
  discord: 'Discord',
  other: 'Other',
} as const;
type Platform = keyof typeof platforms;
export const isPlatform = (p: string): p is Platform => Object.hasOwn(platforms, p);

// DOMAIN §6: an online account is its platform and its handle, lower-cased without a leading @
export function normaliseHandle(platform: string, input: string): Normalised {
  if (!isPlatform(platform)) return { ok: false, error: 'Select the platform' };
  const h = input.trim().replace(/^@+/, '').toLowerCase();
  if (!h) return { ok: false, error: 'Enter the handle or username' };
  if (h.length > 100) return { ok: false, error: 'Handle must be 100 characters or fewer' };
  if (!/^[a-z0-9._-]+$/.test(h)) return { ok: false, error: 'Handle must contain only letters, numbers, full stops, underscores and dashes' };
  return { ok: true, key: `${platform}:${h}`, display: `${platforms[platform]} @${h}` };
}
