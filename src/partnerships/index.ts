import { partnershipSchema, type PartnershipConfig } from './schema.ts';
import { staffordshire } from './staffordshire.ts';
import { rotherham } from './rotherham.ts';
import { llr } from './llr.ts';

export type { PartnershipConfig } from './schema.ts';
export type MeetingTypeConfig = PartnershipConfig['meetingTypes'][number];

/** A meeting type's configuration; undefined for a meeting of no configured type ('other'). */
export const meetingTypeOf = (p: PartnershipConfig, typeId: string): MeetingTypeConfig | undefined => p.meetingTypes.find((t) => t.id === typeId);

/** Every partnership this deployment hosts, validated once at load: a bad configuration stops the start. */
export function loadPartnerships(inputs = [staffordshire, rotherham, llr]): Map<string, PartnershipConfig> {
  const out = new Map<string, PartnershipConfig>();
  for (const input of inputs) {
    const parsed = partnershipSchema.safeParse(input);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
      throw new Error(`Partnership configuration "${String((input as { id?: unknown }).id)}" is invalid:\n${lines}`);
    }
    if (out.has(parsed.data.id)) throw new Error(`Partnership "${parsed.data.id}" is configured twice`);
    out.set(parsed.data.id, parsed.data);
  }
  return out;
}
