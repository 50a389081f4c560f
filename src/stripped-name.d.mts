/** The name of a source's stripped copy: see stripped-name.mjs. */
export function strippedName(source: Buffer | string): string;
