// The value conversions every reader and writer shares (durations, weights, percentages, hosts),
// checked on the cases the meshes' documentation names.
import * as assert from 'node:assert';
import {
  formatGepDuration, formatGoDuration, formatSecondsDuration, gatewayMirrorShare, kumaPercentage, parseDuration,
  percentToWeights, splitServiceHost, weightsToPercent,
} from '../../../src/core/convert/values';

describe('convert: value conversions', () => {
  it('reads durations in every mesh format, and refuses a bare number where a unit is required', () => {
    assert.strictEqual(parseDuration('1.5s'), 1500);
    assert.strictEqual(parseDuration('0.250s'), 250);
    assert.strictEqual(parseDuration('1m30s'), 90_000);
    assert.strictEqual(parseDuration('1h2m3.5s'), 3_723_500);
    assert.strictEqual(parseDuration('500us'), 0.5);
    assert.strictEqual(parseDuration('0.0005s'), 0.5);
    assert.strictEqual(parseDuration('0'), 0);
    assert.strictEqual(parseDuration('5'), undefined, 'Linkerd rejects a duration without a unit');
    assert.strictEqual(parseDuration('5 s'), undefined);
    assert.strictEqual(parseDuration('2500', 'ms'), 2500, 'Consul connectTimeoutMs');
  });

  it('writes GEP-2257 durations (Gateway API, Linkerd): whole units, sub-millisecond rounded up and said', () => {
    assert.deepStrictEqual(formatGepDuration(1500), { text: '1s500ms', rounded: false });
    assert.deepStrictEqual(formatGepDuration(90_000), { text: '1m30s', rounded: false });
    assert.deepStrictEqual(formatGepDuration(100_000_000), { text: '27h46m40s', rounded: false });
    assert.deepStrictEqual(formatGepDuration(0.5), { text: '1ms', rounded: true });
    assert.deepStrictEqual(formatGepDuration(0), { text: '0s', rounded: false });
    for (const ms of [1, 999, 1000, 61_001, 3_600_000, 86_399_999]) {
      assert.match(formatGepDuration(ms).text, /^([0-9]{1,5}(h|m|s|ms)){1,4}$/, `${ms} ms`);
      assert.strictEqual(parseDuration(formatGepDuration(ms).text), ms, `${ms} ms round-trips`);
    }
  });

  it('writes Istio (decimal seconds) and Go durations (Kuma, Consul) exactly', () => {
    assert.strictEqual(formatSecondsDuration(1500), '1.5s');
    assert.strictEqual(formatSecondsDuration(0.5), '0.0005s');
    assert.strictEqual(formatGoDuration(90_000), '90s');
    assert.strictEqual(formatGoDuration(120_000), '2m');
    assert.strictEqual(formatGoDuration(1500), '1500ms');
    assert.strictEqual(formatGoDuration(0.5), '500us');
  });

  it('turns relative weights into Consul percentages that sum to exactly 100, the remainder on the first split', () => {
    assert.deepStrictEqual(weightsToPercent([90, 10]), [90, 10]);
    assert.deepStrictEqual(weightsToPercent([1, 1, 1]), [33.34, 33.33, 33.33]);
    assert.deepStrictEqual(weightsToPercent([1, 2]), [33.33, 66.67]);
    for (const w of [[1, 1, 1], [3, 7], [1, 2, 3, 4, 5, 6, 7]]) {
      assert.strictEqual(Math.round(weightsToPercent(w).reduce((a, b) => a + b, 0) * 100), 10000, JSON.stringify(w));
    }
    assert.deepStrictEqual(weightsToPercent([0, 0]), [0, 0]);
  });

  it('turns Consul percentages back into relative weights without losing 0.01 %', () => {
    assert.deepStrictEqual(percentToWeights([90, 10]), [9, 1]);
    assert.deepStrictEqual(percentToWeights([33.33, 66.67]), [3333, 6667]);
  });

  it('keeps a mirror share: integer percent, else the smallest exact fraction, else rounded and said', () => {
    assert.deepStrictEqual(gatewayMirrorShare(5), { percent: 5 });
    assert.deepStrictEqual(gatewayMirrorShare(0.5), { fraction: { numerator: 5, denominator: 1000 }, rounded: false });
    assert.deepStrictEqual(gatewayMirrorShare(12.25), { fraction: { numerator: 1225, denominator: 10000 }, rounded: false });
    const odd = gatewayMirrorShare(1 / 3);
    assert.ok('fraction' in odd && odd.rounded);
    assert.strictEqual(kumaPercentage(50), 50);
    assert.strictEqual(kumaPercentage(0.5), '0.5');
  });

  it('splits a Kubernetes service host into name and namespace, and knows an outside host', () => {
    assert.deepStrictEqual(splitServiceHost('reviews'), { name: 'reviews', external: false });
    assert.deepStrictEqual(splitServiceHost('reviews.prod'), { name: 'reviews', namespace: 'prod', external: false });
    assert.deepStrictEqual(splitServiceHost('reviews.prod.svc.cluster.local'), { name: 'reviews', namespace: 'prod', external: false });
    assert.strictEqual(splitServiceHost('api.example.com').external, true);
    assert.strictEqual(splitServiceHost('httpbin.org').external, true);
  });
});
