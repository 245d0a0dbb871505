import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** test/fixtures, found from the bundled test file (dist-test/unit) or the source tree. */
export const FIXTURES = resolve(__dirname, '../../test/fixtures');
export const REPO = resolve(__dirname, '../..');

export function fixture(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

export function fixtureFiles(...parts: string[]): string[] {
  return readdirSync(join(FIXTURES, ...parts)).filter(f => /\.ya?ml$/.test(f)).sort();
}

export interface Marker { feature: string; line: number; column: number }

/**
 * Expected uses written into a fixture as a comment line under the key, a caret at its column:
 *     mirror:
 *   # ^ traffic_mirroring
 * (the caret may stand anywhere after the `#`; the line is the closest line above that is not a marker).
 */
export function readMarkers(text: string): Marker[] {
  const lines = text.split(/\r?\n/);
  const out: Marker[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)#(\s*)\^\s+(.+)$/.exec(lines[i]);
    if (!m) continue;
    let target = i - 1;
    while (target >= 0 && /^\s*#\s*\^/.test(lines[target])) target--;
    const column = lines[i].indexOf('^') + 1;
    for (const feature of m[3].trim().split(/\s+/)) out.push({ feature, line: target + 1, column });
  }
  return out;
}
