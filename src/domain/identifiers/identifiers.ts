// A child's strong identifiers on their record (DOMAIN §4, the national tracker: issue 14 matches on "strong
// identifiers when recorded (NHS number, UPN)"): the NHS number and the unique pupil number, each checked by its own
// check character before it is saved, so that a mistyped one is caught where it is typed rather than matched wrongly.
// Pure rules: each returns the normalised value or the message the form shows.

export type IdentifierCheck = { ok: true; value: string } | { ok: false; message: string };

// DOMAIN §4 (NHS Data Dictionary, NHS number): 10 digits; the first nine weighted 10 down to 2, summed; 11 minus the remainder on dividing by 11 is the check digit (11 counts as 0; 10 means the number is not valid)
export function nhsCheckDigit(nineDigits: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check === 10 ? null : check;
}

// DOMAIN §4 (NHS number): typed with or without spaces or hyphens (943 476 5919, 943-476-5919); stored as its 10 digits
export function checkNhsNumber(input: string): IdentifierCheck {
  const s = input.trim();
  if (!/^[0-9\s-]+$/.test(s)) return { ok: false, message: 'NHS number must only include numbers, like 943 476 5919' };
  const digits = s.replace(/[\s-]/g, '');
  if (digits.length !== 10) return { ok: false, message: 'NHS number must be 10 digits, like 943 476 5919' };
  if (nhsCheckDigit(digits.slice(0, 9)) !== Number(digits[9]))
    return { ok: false, message: 'Enter a valid NHS number: the last digit does not match the first nine (check it against a letter from the NHS)' };
  return { ok: true, value: digits };
}

/** The NHS number as people read it: 943 476 5919. */
export const formatNhsNumber = (digits: string) => (/^\d{10}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : digits);

/** The DfE's 23 letters for 0–22 (no I, O or S): the check letter, and a temporary UPN's last character. */
const upnLetters = 'ABCDEFGHJKLMNPQRTUVWXYZ';

// DOMAIN §4 (DfE, unique pupil number): characters 2 to 13 weighted 2 to 13 (a temporary UPN's final letter counts as its place in A–Z without I, O, S: A = 0), summed; the remainder on dividing by 23 is the check letter, 0 = A … 22 = Z
export function upnCheckLetter(twelve: string): string | null {
  if (!/^[0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/.test(twelve)) return null;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const c = twelve[i]!;
    sum += (/[0-9]/.test(c) ? Number(c) : upnLetters.indexOf(c)) * (i + 2);
  }
  return upnLetters[sum % 23]!;
}

// DOMAIN §4 (unique pupil number): 13 characters, a check letter, 11 digits, then a digit (a temporary UPN: a letter, never I, O or S); typed in any case, with or without spaces; stored in capitals
export function checkUpn(input: string): IdentifierCheck {
  const s = input.trim().toUpperCase().replace(/[\s-]/g, '');
  const format = 'Unique pupil number must be 13 characters: a letter, 11 numbers, then a number or a letter, like B801200005001';
  if (s.length !== 13 || !/^[A-Z][0-9]{11}[0-9A-Z]$/.test(s)) return { ok: false, message: format };
  if (/[IOS]$/.test(s)) return { ok: false, message: 'Unique pupil number cannot end in I, O or S: check it with the child’s school' };
  const expected = upnCheckLetter(s.slice(1));
  if (expected !== s[0])
    return { ok: false, message: 'Enter a valid unique pupil number: the first letter does not match the rest (check it with the child’s school)' };
  return { ok: true, value: s };
}
