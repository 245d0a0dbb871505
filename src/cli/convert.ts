// mesh-lens convert: writes the manifests for another mesh. Walks files like `check` (same ignores and
// configuration files), converts the whole run at once (a route in one file may need a Service from
// another), and prints the converted files, writes them under a folder, or prints the JSON report.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { catalogView, formatTarget } from '../core/index';
import { convertFiles, formatConvertTarget, parseConvertTarget, CONVERT_TARGETS } from '../core/convert/index';
import type { ConvertTarget, ConvertedFile, Target } from '../core/index';
import type { ReportConversionInput } from '../core/outputs/reportConversion';
import { ConfigResolver, formatConfigError, CONFIG_FILE_NAME } from '../core/config';

export const CONVERT_USAGE = `Usage: mesh-lens convert <files or directories…> --to <${CONVERT_TARGETS.join('|')}>[@version]
                       [--format yaml|json] [--output <dir>] [--ignore <glob>] [--no-progress] [--no-config]

Writes the manifests for the target: each mesh resource is replaced by its conversion, documents that
are not mesh resources are kept byte for byte, and proxy-injection annotations and labels are rewritten
for the target. Whatever the target cannot express is kept as a "# mesh-lens: not converted" comment at
its place; context the manifests lack (a port, a GatewayClass) as a "# mesh-lens: set" comment.

Options:
  --to <target[@version]>     the mesh to convert to (e.g. linkerd, linkerd@2.14, gateway-api)
  --format yaml|json          yaml (default): the converted files, each after "# file: <path>", separated
                              by "---"; json: the report (version 1) with each file's whole output
  --output <dir>              write each converted file under <dir> at its relative path instead
  --ignore <glob>             skip paths matching the glob (repeatable; * and ** supported)
  --no-config                 do not read ${CONFIG_FILE_NAME} files
  --no-progress               never show progress on stderr
  -h, --help                  show this help

Exit codes: 0 converted with nothing dropped or needed, 1 something was not converted or must be set,
2 usage, configuration or I/O error.`;

export class ConvertUsageError extends Error {}

interface ConvertOptions {
  paths: string[];
  target?: ConvertTarget;
  format: 'yaml' | 'json';
  output?: string;
  ignore: string[];
  config: boolean;
  progress: boolean;
}

export function parseConvertArgs(args: string[]): ConvertOptions | 'help' {
  const o: ConvertOptions = { paths: [], format: 'yaml', ignore: [], config: true, progress: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new ConvertUsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--to': {
        const v = value();
        const t = parseConvertTarget(v);
        if (!t) throw new ConvertUsageError(`unknown target "${v}" for --to: expected one of ${CONVERT_TARGETS.join(', ')}, optionally with @version`);
        o.target = t;
        break;
      }
      case '--format': {
        const v = value();
        if (v !== 'yaml' && v !== 'json') throw new ConvertUsageError(`unknown format "${v}": expected yaml or json`);
        o.format = v;
        break;
      }
      case '--output': case '-o': o.output = value(); break;
      case '--ignore': o.ignore.push(value()); break;
      case '--no-config': o.config = false; break;
      case '--no-progress': o.progress = false; break;
      case '-h': case '--help': return 'help';
      default:
        if (a.startsWith('-')) throw new ConvertUsageError(`unknown option "${a}"`);
        o.paths.push(a);
    }
  }
  if (!o.target) throw new ConvertUsageError(`convert needs --to <${CONVERT_TARGETS.join('|')}>[@version]`);
  if (o.paths.length === 0) throw new ConvertUsageError('no files or directories given');
  return o;
}

/** The file walker of `check` (main.ts), passed in so this module does not import the entry point. */
export type CollectFiles = (paths: string[], ignore: RegExp[], cwd: string, resolver?: ConfigResolver) => string[];

const toPosix = (p: string) => p.split(sep).join('/');

/** Runs `mesh-lens convert` with the arguments after the command; returns the exit code. */
export function runConvert(args: string[], collectFiles: CollectFiles, globToRegExp: (glob: string) => RegExp): number {
  let opts: ConvertOptions | 'help';
  try {
    opts = parseConvertArgs(args);
  } catch (e) {
    if (e instanceof ConvertUsageError) { process.stderr.write(`mesh-lens: ${e.message}\n\n${CONVERT_USAGE}\n`); return 2; }
    throw e;
  }
  if (opts === 'help') { process.stdout.write(CONVERT_USAGE + '\n'); return 0; }
  const view = catalogView();
  const cwd = process.cwd();
  const resolver = opts.config ? new ConfigResolver(view, p => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } }) : undefined;
  let files: string[];
  try {
    files = collectFiles(opts.paths, opts.ignore.map(globToRegExp), cwd, resolver);
  } catch (e) {
    process.stderr.write(`mesh-lens: ${(e as Error).message}\n`);
    return 2;
  }
  const broken = resolver?.broken() ?? [];
  if (broken.length) {
    for (const c of broken) for (const e of c.errors!) process.stderr.write(`${formatConfigError(toPosix(relative(cwd, c.path) || c.path), e)}\n`);
    process.stderr.write(`mesh-lens: fix ${broken.length === 1 ? 'this configuration file' : 'these configuration files'} (or run with --no-config)\n`);
    return 2;
  }
  const showProgress = opts.progress && !!process.stderr.isTTY && files.length > 200;
  const inputs: { path: string; text: string }[] = [];
  let ioError = false;
  files.forEach((abs, i) => {
    const rel = toPosix(relative(cwd, abs) || abs);
    try { inputs.push({ path: rel, text: readFileSync(abs, 'utf8') }); } catch (e) {
      process.stderr.write(`mesh-lens: cannot read ${rel}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      ioError = true;
    }
    if (showProgress && i % 50 === 0) process.stderr.write(`\rmesh-lens: reading ${i + 1}/${files.length} files\x1b[K`);
  });
  if (showProgress) process.stderr.write('\r\x1b[K');
  const target = opts.target!;
  const converted = convertFiles(inputs, target, view);

  if (opts.output) {
    for (const f of converted) {
      if (!f.output) continue;
      // Files outside the working folder land under <dir> by their path without the leading `../`.
      const dest = join(opts.output, f.path.replace(/^(\.\.\/)+/, '').replace(/^\/+/, ''));
      try { mkdirSync(dirname(dest), { recursive: true }); writeFileSync(dest, f.output); } catch (e) {
        process.stderr.write(`mesh-lens: cannot write ${dest}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
        ioError = true;
      }
    }
  }
  if (opts.format === 'json') {
    process.stdout.write(JSON.stringify({ version: 1, target: formatConvertTarget(target, view), files: converted }, null, 2) + '\n');
  } else if (!opts.output) {
    const parts = converted.filter(f => f.output).map(f => `# file: ${f.path}\n${f.output.replace(/^\ufeff/, '')}${f.output.endsWith('\n') ? '' : '\n'}`);
    process.stdout.write(parts.join('---\n'));
  }
  if (opts.format === 'yaml') process.stderr.write(summary(converted, opts.output));
  if (ioError) return 2;
  return converted.some(f => f.dropped.length || f.needs.length || f.errors.length) ? 1 : 0;
}

/** One line on stderr: what was converted and what needs a look. */
function summary(files: ConvertedFile[], output: string | undefined): string {
  const changed = files.filter(f => f.output).length;
  const count = (k: 'dropped' | 'needs' | 'errors') => files.reduce((n, f) => n + f[k].length, 0);
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [`${plural(changed, 'file', 'files')} converted${output ? ` into ${output}` : ''}`];
  if (count('dropped')) parts.push(`${plural(count('dropped'), 'field', 'fields')} not converted`);
  if (count('needs')) parts.push(`${plural(count('needs'), 'value', 'values')} to set`);
  if (count('errors')) parts.push(`${plural(count('errors'), 'error', 'errors')}`);
  const hint = count('dropped') || count('needs') ? ' (see the "# mesh-lens:" comments)' : '';
  return `mesh-lens: ${parts.join(', ')}${hint}.\n`;
}

/** For `mesh-lens report` with a target this command writes: the run converted as `convert` would convert it. */
export function convertForReport(target: Target, texts: { path: string; text: string }[]): ReportConversionInput | undefined {
  const to = formatTarget(target);
  const convertTarget = parseConvertTarget(to);
  if (!convertTarget) return undefined;
  try {
    return { target: to, files: convertFiles(texts, convertTarget, catalogView()) };
  } catch (e) {
    // The report stands without its conversion column rather than not at all.
    process.stderr.write(`mesh-lens: the report has no conversion: converting to ${to} failed (${(e as Error)?.message ?? String(e)})\n`);
    return undefined;
  }
}
