import * as assert from 'node:assert';
import { firstLink, htmlSource, linkUrl, markdownSource, markdownSources } from '../../src/core/sources';

// Evidence is data: a title and a URL from data/, written as a link in Markdown (hovers, the Markdown
// report, SARIF help) and HTML (the HTML report). Only http(s) URLs become links; titles are escaped.
describe('evidence links', () => {
  const upstream = { title: 'linkerd2 edge-26.8.3: http.rs, line 333', url: 'https://github.com/linkerd/linkerd2/blob/19a0d90d/policy-controller/http.rs#L333' };

  it('Markdown: [title](url), the title escaped, parentheses in the URL encoded', () => {
    assert.strictEqual(markdownSource(upstream), `[linkerd2 edge-26.8.3: http.rs, line 333](${upstream.url})`);
    assert.strictEqual(markdownSource({ title: 'a [b] *c*', url: 'https://e.com/x_(y)' }), '[a \\[b\\] \\*c\\*](https://e.com/x_%28y%29)');
    assert.strictEqual(markdownSources([upstream, { title: 'no link' }]), `[linkerd2 edge-26.8.3: http.rs, line 333](${upstream.url}) · no link`);
  });

  it('only absolute http(s) URLs without spaces or quotes are links; anything else stays the title', () => {
    for (const url of ['javascript:alert(1)', 'command:meshLens.compareMeshes', 'file:///etc/passwd', 'https://e.com/a b', 'https://e.com/"x', '/relative', '']) {
      assert.strictEqual(linkUrl(url), undefined, url);
      assert.strictEqual(markdownSource({ title: 'T', url }), 'T', url);
      assert.strictEqual(htmlSource({ title: 'T', url }), 'T', url);
    }
  });

  it('HTML: an <a> with the URL and title escaped', () => {
    assert.strictEqual(htmlSource({ title: '<b>x</b>', url: 'https://e.com/?a=1&b=2' }), '<a href="https://e.com/?a=1&amp;b=2" rel="noopener noreferrer">&lt;b&gt;x&lt;/b&gt;</a>');
  });

  it('the first link (SARIF helpUri)', () => {
    assert.strictEqual(firstLink([{ title: 'a' }, { title: 'b', url: 'javascript:x' }, upstream]), upstream.url);
    assert.strictEqual(firstLink([{ title: 'a' }]), undefined);
  });
});
