// Converts a policy fixture with the real pipeline and returns what a user sees: the output file, the
// report, and the converted documents parsed back (with any CRD validation errors).
import * as yaml from 'js-yaml';
import { catalogView } from '../../../src/core';
import { convertFiles } from '../../../src/core/convert/pipeline';
import type { ConvertedFile } from '../../../src/core/convert/contract';
import type { ConvertTargetId } from '../../../src/core/convert/model';
import { splitDocuments } from '../../../src/core/parsing/yamlTree';
import { validateAgainstCrds } from './crdValidator';

export interface PolicyConversion { file: ConvertedFile; docs: Record<string, unknown>[]; invalid: string[] }

export function convertPolicies(text: string, target: ConvertTargetId, path = 'policies.yaml', version?: string): PolicyConversion {
  const [file] = convertFiles([{ path, text }], { id: target, ...(version ? { version } : {}) }, catalogView());
  return { file, ...writtenDocuments(file) };
}

/** The documents a conversion wrote (not those it passed through), parsed back, with their CRD validation errors. */
export function writtenDocuments(file: ConvertedFile): { docs: Record<string, unknown>[]; invalid: string[] } {
  const wanted = new Set(file.resources.map(r => `${r.apiVersion}|${r.kind}|${r.name}`));
  const docs: Record<string, unknown>[] = [];
  const invalid: string[] = [];
  for (const range of splitDocuments(file.output)) {
    const obj = yaml.load(file.output.slice(range.start, range.end)) as { apiVersion?: string; kind?: string; metadata?: { name?: string } } | undefined;
    if (!obj || !wanted.has(`${obj.apiVersion}|${obj.kind}|${obj.metadata?.name}`)) continue;
    docs.push(obj as Record<string, unknown>);
    for (const e of validateAgainstCrds(obj)) invalid.push(`${obj.kind} ${obj.metadata?.name}: ${e}`);
  }
  return { docs, invalid };
}

/** The converted documents of one kind. */
export function ofKind(c: PolicyConversion, kind: string): Record<string, any>[] {
  return c.docs.filter(d => d.kind === kind) as Record<string, any>[];
}
