// The `default` blocks of MeshRetry, MeshTimeout and MeshFaultInjection, read into the neutral
// retry, timeout and fault model. Kuma's retry-on names are turned back into Envoy tokens.
import type { ReadContext } from '../../contract';
import type { Fault, RetryPolicy, ServicePolicy, Timeouts } from '../../model';
import type { SourceView } from '../../source';
import { KUMA_GRPC_RETRY_ON, KUMA_HTTP_RETRY_ON } from '../../values';
import { partFields, readDuration } from '../fieldValues';
import { kumaPercent } from './rules';

/** What one `default` block says, before it is tied to a service. */
export type PolicyBody = Pick<ServicePolicy, 'protocol' | 'retry' | 'timeouts' | 'fault'>;

const TOKEN_OF_HTTP = invert(KUMA_HTTP_RETRY_ON);
const TOKEN_OF_GRPC = invert(KUMA_GRPC_RETRY_ON);

function invert(table: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(table).map(([token, kuma]) => [kuma, token]));
}

function readRetry(view: SourceView, protocol: 'http' | 'grpc', ctx: ReadContext): RetryPolicy {
  const retry: RetryPolicy = { conditions: [], codes: [], origin: view.origin };
  const attempts = view.get('numRetries').num();
  if (attempts !== undefined) retry.attempts = attempts;
  const perTry = readDuration(view.get('perTryTimeout'), ctx);
  if (perTry !== undefined) retry.perTryTimeout = perTry;
  const backOff = view.get('backOff');
  const base = readDuration(backOff.get('baseInterval'), ctx);
  const max = readDuration(backOff.get('maxInterval'), ctx);
  if (base !== undefined || max !== undefined) {
    retry.backoff = {};
    if (base !== undefined) retry.backoff.base = base;
    if (max !== undefined) retry.backoff.max = max;
  }
  const tokens = protocol === 'http' ? TOKEN_OF_HTTP : TOKEN_OF_GRPC;
  for (const item of view.get('retryOn').items()) {
    const value = item.peek() ?? '';
    if (tokens[value]) { retry.conditions.push(tokens[value]); item.use(); }
    else if (protocol === 'http' && /^[1-5][0-9][0-9]$/.test(value)) { retry.codes.push(Number(value)); item.use(); }
    else if (value.startsWith('HttpMethod')) {
      ctx.drop(item, 'Retrying only requests with some methods has no equivalent; the converted retries apply to every method.');
    } else ctx.drop(item, `The retry condition "${value}" is not one Mesh Lens knows.`);
  }
  const notCarried: [string, string][] = [
    ['rateLimitedBackOff', 'A back-off driven by rate-limit response headers has no equivalent; the plain back-off applies.'],
    ['retriableResponseHeaders', 'Retrying on response headers has no equivalent; only the listed conditions trigger a retry.'],
    ['retriableRequestHeaders', 'Retrying only requests with some headers has no equivalent; the converted retries apply to every request.'],
    ['hostSelection', 'Choosing other hosts for retries has no equivalent; the target mesh picks the host.'],
    ['hostSelectionMaxAttempts', 'Choosing other hosts for retries has no equivalent; the target mesh picks the host.'],
  ];
  for (const [key, reason] of notCarried) {
    const field = view.get(key);
    if (field.exists) ctx.drop(field, reason);
  }
  const fields = partFields({ attempts: view.get('numRetries'), perTryTimeout: view.get('perTryTimeout'), conditions: view.get('retryOn'), backoff: backOff });
  if (fields) retry.fields = fields;
  return retry;
}

/** MeshRetry `default`: one body per protocol section (http, grpc); tcp is dropped. */
export function readRetryBody(conf: SourceView, ctx: ReadContext): PolicyBody[] {
  const bodies: PolicyBody[] = [];
  for (const protocol of ['http', 'grpc'] as const) {
    const section = conf.get(protocol);
    if (section.exists) bodies.push({ protocol, retry: readRetry(section, protocol, ctx) });
  }
  const tcp = conf.get('tcp');
  if (tcp.exists) ctx.drop(tcp, 'TCP connection retries have no equivalent in the converted routes.');
  return bodies;
}

/** MeshTimeout `default`: the request and idle timeouts; the others have no neutral equivalent. */
export function readTimeoutBody(conf: SourceView, ctx: ReadContext): PolicyBody[] {
  const timeouts: Timeouts = { origin: conf.origin };
  const idle = readDuration(conf.get('idleTimeout'), ctx);
  if (idle !== undefined) timeouts.idle = idle;
  const http = conf.get('http');
  const request = readDuration(http.get('requestTimeout'), ctx);
  if (request !== undefined) timeouts.request = request;
  const fields = partFields({ request: http.get('requestTimeout'), idle: conf.get('idleTimeout') });
  if (fields) timeouts.fields = fields;
  const notCarried: [SourceView, string][] = [
    [conf.get('connectionTimeout'), 'A connection timeout has no equivalent in the converted timeouts, which cover requests and idle connections.'],
    [http.get('streamIdleTimeout'), 'A stream idle timeout has no equivalent in the converted timeouts, which cover requests and idle connections.'],
    [http.get('maxStreamDuration'), 'A maximum stream duration has no equivalent in the converted timeouts.'],
    [http.get('maxConnectionDuration'), 'A maximum connection duration has no equivalent in the converted timeouts.'],
    [http.get('requestHeadersTimeout'), 'A timeout for receiving request headers has no equivalent in the converted timeouts.'],
  ];
  for (const [field, reason] of notCarried) if (field.exists) ctx.drop(field, reason);
  if (timeouts.idle === undefined && timeouts.request === undefined) return [];
  return [http.exists ? { protocol: 'http', timeouts } : { timeouts }];
}

/** MeshFaultInjection `default.http[]`: one fault per entry. */
export function readFaultBody(conf: SourceView, ctx: ReadContext): PolicyBody[] {
  const bodies: PolicyBody[] = [];
  for (const entry of conf.get('http').items()) {
    const fault: Fault = { origin: entry.origin };
    const delay = entry.get('delay');
    const fixed = readDuration(delay.get('value'), ctx);
    if (fixed !== undefined) {
      fault.delay = { fixed, origin: delay.origin };
      const percent = kumaPercent(delay.get('percentage'));
      if (percent !== undefined) fault.delay.percent = percent;
    }
    const abort = entry.get('abort');
    const status = abort.get('httpStatus').num();
    if (status !== undefined) {
      fault.abort = { httpStatus: status, origin: abort.origin };
      const percent = kumaPercent(abort.get('percentage'));
      if (percent !== undefined) fault.abort.percent = percent;
    }
    const bandwidth = entry.get('responseBandwidth');
    if (bandwidth.exists) ctx.drop(bandwidth, 'Limiting response bandwidth has no equivalent in the target.');
    if (fault.delay || fault.abort) bodies.push({ protocol: 'http', fault });
  }
  return bodies;
}
