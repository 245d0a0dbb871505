import * as assert from 'node:assert';
import * as yaml from 'js-yaml';
import { emitYaml } from '../../../src/core/convert/emit';
import { comment } from '../../../src/core/convert/output';
import type { OutMap } from '../../../src/core/convert/output';

const HOSTILE = ['', ' ', 'true', 'True', 'yes', 'no', 'on', 'off', 'y', 'N', 'null', '~', 'Null', '1', '-1', '+1', '1.5', '.5', '1e3', '0x1F', '0o17', '017', '1_000',
  '12:30', '2026-12-05', '.inf', '-.inf', '.nan', ':', 'a: b', 'a #b', '#x', '# x', '*', '*.example.com', '&a', '!tag', '|', '>', '%x', '@x', '`x', '-', '- x', '---', '...x',
  '?', '?x', '[a]', '{a}', ',', '"', "'", 'a"b', "it's", ' lead', 'trail ', 'tab\there', 'line\nbreak', 'crlf\r\n', 'back\\slash', '\u0000', '\u007f', '\u0085',
  '\u2028', '\ufeff', 'ünïcödé', '日本', '😀', '/api/v1', 'retry.linkerd.io/http', '5xx,gateway-error', '^/a(b|c)$', 'a:b', 'http://x:80/', '=', '<<', 'x:'];

describe('convert: YAML emitter', () => {
  it('reads back exactly (js-yaml) for hostile strings as values, keys and list items', () => {
    const obj: OutMap = { values: {}, list: HOSTILE, nested: [{ a: HOSTILE[3], b: [1, 2.5, -3, true, false, null] }, [['deep']], {}, []] };
    HOSTILE.forEach((s, i) => { (obj.values as OutMap)[`k${i}`] = s; });
    const keyed: OutMap = {};
    for (const s of HOSTILE) keyed[s] = s;
    obj.keyed = keyed;
    const text = emitYaml(obj);
    assert.deepStrictEqual(yaml.load(text), obj);
  });

  it('writes block style, list items at their key, plain strings where safe, and comments above objects, keys and items', () => {
    const rules: OutMap[] = [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'a', port: 80 }] }];
    const obj: OutMap = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { hostnames: ['*.example.com', 'a.example.com'], rules, empty: {} } };
    comment(obj, 'generated header');
    comment(obj.spec as OutMap, 'mesh-lens: set the port', 'hostnames');
    comment(rules[0], 'first rule');
    comment(rules[0], 'mesh-lens: not converted: spec.http[0].fault — no faults', 'backendRefs');
    assert.strictEqual(emitYaml(obj), `# generated header
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  # mesh-lens: set the port
  hostnames:
  - "*.example.com"
  - a.example.com
  rules:
  # first rule
  - matches:
    - path:
        type: PathPrefix
        value: /api
    # mesh-lens: not converted: spec.http[0].fault — no faults
    backendRefs:
    - name: a
      port: 80
  empty: {}
`);
  });
});
