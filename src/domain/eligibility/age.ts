// DOMAIN §3.4, §6 (sources 001, 003): MACE arrangements are for children under 18.

const iso = /^(\d{4})-(\d{2})-(\d{2})$/;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * The day a person born on `dateOfBirth` reaches `years` (ISO dates). Someone born on 29 February reaches it on
 * 1 March in a year that has no 29 February (as the law of England and Wales counts it).
 */
export function anniversary(dateOfBirth: string, years: number): string {
  const m = iso.exec(dateOfBirth);
  if (!m) throw new Error('anniversary: not an ISO date');
  const y = +m[1]! + years;
  if (m[2] === '02' && m[3] === '29' && !isLeap(y)) return `${y}-03-01`;
  return `${String(y).padStart(4, '0')}-${m[2]}-${m[3]}`;
}

/** Age in whole years on `on` (ISO dates); the birthday itself counts. */
export function ageOn(dateOfBirth: string, on: string): number {
  const born = +dateOfBirth.slice(0, 4);
  const years = +on.slice(0, 4) - born;
  return on >= anniversary(dateOfBirth, years) ? years : years - 1;
}

// DOMAIN §3.4, §6 (001: "any Staffordshire child under the age of 18"; 003: "a child or young person under the age of 18"):
/**
 * Whether the child is a child on `on`: under 18, so not yet at their 18th birthday. A child whose date of birth is
 * not recorded is not refused (nothing says they are an adult); the form asks for it elsewhere.
 */
export function isChildOn(dateOfBirth: string | null | undefined, on: string): boolean {
  if (!dateOfBirth || !iso.test(dateOfBirth)) return true;
  return on < anniversary(dateOfBirth, 18);
}

// DOMAIN §3.4, §6: the refusal says where adults are supported (the partnership's text).
/** The refusal shown when a young person is 18 or over on the date of `what` ("an RFM", "a CE referral", "a panel referral"). */
export function adultRefusal(what: string, supportText: string): string {
  return `MACE is for children under 18: ${what} cannot be made for a young person who is 18 or over on its date. ${supportText}`;
}
