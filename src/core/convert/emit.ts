// Writes OutMap trees as YAML text: block style, 2-space indent, list items at their key's indent
// (`kubectl` style), comments from output.ts above the object, key or item they belong to. Strings
// are quoted only when a YAML 1.1 or 1.2 reader (kubectl reads 1.1) could take them for something else,
// and then in double quotes with JSON escapes, so the output reads back exactly as written.
import type { OutMap, OutValue } from './output';
import { commentsOf } from './output';

/** One document (no `---`), ending with a newline. */
export function emitYaml(obj: OutMap): string {
  const lines: string[] = [];
  writeComments(lines, '', commentsOf(obj));
  writeMap(lines, obj, '');
  return lines.join('\n') + '\n';
}

function writeComments(lines: string[], indent: string, texts: readonly string[]): void {
  for (const t of texts) for (const part of t.split(/\r?\n/)) lines.push(part ? `${indent}# ${part}` : `${indent}#`);
}

function isMap(v: OutValue | undefined): v is OutMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The keys with a value, in order (one array per map: the emitter runs over every output object). */
function keysOf(map: OutMap): string[] {
  const out: string[] = [];
  for (const key in map) if (map[key] !== undefined) out.push(key);
  return out;
}

/** Keys as written: a run writes the same few dozen keys again and again. */
const keyTexts = new Map<string, string>();
function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) { text = `${scalar(key)}:`; if (keyTexts.size < 10_000) keyTexts.set(key, text); }
  return text;
}

function writeMap(lines: string[], map: OutMap, indent: string, keys = keysOf(map)): void {
  for (const key of keys) {
    writeComments(lines, indent, commentsOf(map, key));
    writeEntry(lines, indent + keyText(key), map[key]!, indent);
  }
}

/** `head` is `key:` (or `- key:`) already indented; `indent` is the key's indent. */
function writeEntry(lines: string[], head: string, value: OutValue, indent: string): void {
  if (isMap(value)) {
    const keys = keysOf(value);
    if (!keys.length) { lines.push(`${head} {}`); writeComments(lines, indent + '  ', commentsOf(value)); return; }
    lines.push(head);
    writeComments(lines, indent + '  ', commentsOf(value));
    writeMap(lines, value, indent + '  ', keys);
  } else if (Array.isArray(value)) {
    if (!value.length) { lines.push(`${head} []`); return; }
    lines.push(head);
    writeComments(lines, indent, commentsOf(value));
    writeItems(lines, value, indent);
  } else {
    lines.push(`${head} ${scalar(value)}`);
  }
}

function writeItems(lines: string[], items: OutValue[], indent: string): void {
  items.forEach((item, i) => {
    writeComments(lines, indent, commentsOf(items, String(i)));
    if (isMap(item)) {
      writeComments(lines, indent, commentsOf(item));
      const keys = keysOf(item);
      if (!keys.length) { lines.push(`${indent}- {}`); return; }
      // The first key's comments go above the `- ` line, where a reader sees them.
      writeComments(lines, indent, commentsOf(item, keys[0]));
      keys.forEach((key, k) => {
        if (k > 0) writeComments(lines, indent + '  ', commentsOf(item, key));
        writeEntry(lines, `${indent}${k === 0 ? '- ' : '  '}${keyText(key)}`, item[key]!, indent + '  ');
      });
    } else if (Array.isArray(item)) {
      if (!item.length) { lines.push(`${indent}- []`); return; }
      lines.push(`${indent}-`);
      writeComments(lines, indent + '  ', commentsOf(item));
      writeItems(lines, item, indent + '  ');
    } else {
      lines.push(`${indent}- ${scalar(item)}`);
    }
  });
}

/** Plain scalars a YAML 1.1 reader (go-yaml, kubectl) or a 1.2 reader would not read as a string. */
const SPECIAL = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<|=)$/;
const NUMBER_LIKE = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?0[xob][0-9a-fA-F_]+$|^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;

/** Names, kinds, paths and hosts: plain unless one of the special words (checked first, it is the common case). */
const SIMPLE = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;

function needsQuotes(s: string): boolean {
  if (SIMPLE.test(s)) return SPECIAL.test(s);
  if (s === '' || s !== s.trim() || SPECIAL.test(s) || NUMBER_LIKE.test(s)) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) || s.startsWith('...')) return true;
  if (/: |:$| #|\t/.test(s)) return true;
  // Anything outside printable ASCII that YAML treats specially (controls, line separators, BOM).
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(s) || /[\ud800-\udfff]/.test(s);
}

function quote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function scalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? '.inf' : v < 0 ? '-.inf' : '.nan';
  return needsQuotes(v) ? quote(v) : v;
}
