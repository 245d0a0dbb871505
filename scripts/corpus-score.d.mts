export interface Answer { file: string; doc: string; line: number; mesh: string; kind: string; feature: string; path: string; confidence: string; note: string }
export interface FileResult { resources: { line: number; kind: string; via: string; mesh: string }[]; annotations: { line: number; field: string; mesh: string }[]; uses: { line: number; feature: string; field: string; mesh: string }[]; findings: unknown[] }
export interface Score {
  resource: { sure: [number, number]; unsure: [number, number] };
  annotation: { sure: [number, number]; unsure: [number, number] };
  use: { sure: [number, number]; unsure: [number, number] };
  misses: Answer[]; negatives: { file: string; count: number; sample: string }[]; extras: unknown[];
}
export function readAnswers(dir: string): Answer[];
export function score(dir: string, analyzeFile: (path: string) => FileResult): Score;
