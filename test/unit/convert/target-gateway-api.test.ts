import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, catalogView, parseTarget } from '../../../src/core';
import { REPO_ROOT } from './crdValidator';

const FAULT = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings}
spec:
  hosts: [ratings]
  http:
  - fault:
      abort: {httpStatus: 500, percentage: {value: 10}}
    route:
    - destination: {host: ratings}
`;
const RETRY = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{group: "", kind: Service, name: r, port: 80}]
  rules:
  - backendRefs: [{name: r, port: 80}]
    retry: {attempts: 2, codes: [503]}
`;

describe('check --target gateway-api: judging against plain Gateway API', () => {
  it('is a target the CLI, settings and file comments accept', () => {
    assert.deepStrictEqual(parseTarget(catalogView(), 'gateway-api@1.5'), { mesh: 'gateway-api', version: '1.5' });
    assert.strictEqual(catalogView().meshName('gateway-api'), 'Gateway API');
  });

  it('warns where a mesh resource uses what Gateway API lacks', () => {
    const r = analyze(FAULT, { target: { mesh: 'gateway-api' } });
    const abort = r.findings.find(f => f.feature === 'abort_injection');
    assert.ok(abort, JSON.stringify(r.findings.map(f => f.message)));
    assert.strictEqual(abort.severity, 'warning');
    assert.match(abort.message, /^Fault injection: abort \(spec\.http\[0\]\.fault\.abort\) is not supported by Gateway API/);
  });

  it('reports experimental-channel fields of Gateway API resources as information', () => {
    const r = analyze(RETRY, { target: { mesh: 'gateway-api' } });
    const retry = r.findings.filter(f => f.range.line === 8);
    assert.ok(retry.length >= 1, JSON.stringify(r.findings.map(f => f.message)));
    assert.ok(retry.every(f => f.severity === 'information'), JSON.stringify(retry));
    assert.match(retry[0].message, /is in the Gateway API experimental channel/);
  });

  it('check and report accept --target gateway-api', function () {
    this.timeout(20_000);
    const dir = mkdtempSync(join(tmpdir(), 'mesh-lens-gwapi-'));
    writeFileSync(join(dir, 'vs.yaml'), FAULT);
    const cli = (args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'dist/cli.js'), ...args], { cwd: dir, encoding: 'utf8' });
    const check = cli(['check', 'vs.yaml', '--target', 'gateway-api']);
    assert.strictEqual(check.status, 1, check.stderr);
    assert.match(check.stdout, /^vs\.yaml:8:7: warning Fault injection: abort \(spec\.http\[0\]\.fault\.abort\) is not supported by Gateway API/m);
    const report = cli(['report', 'vs.yaml', '--target', 'gateway-api@1.6']);
    assert.strictEqual(report.status, 0, report.stderr);
    assert.match(report.stdout, /^# Migration report: Gateway API/);
  });
});
