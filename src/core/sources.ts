// Evidence (a support cell's `sources`) written for each face: Markdown links for hovers, the Markdown
// report and SARIF help, HTML links for the HTML report, titles for short labels.
// Titles and URLs are data: every form escapes them, and only http(s) URLs become links.
import type { Source } from './model';

/** The URL if it is an absolute http(s) URL without spaces or quotes, else undefined (the title stays text). */
export function linkUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\/[^\s"'<>`\\]+$/i.test(url)) return undefined;
  return url;
}

/** The first source that has a link (SARIF helpUri, the panel's "open" target). */
export function firstLink(sources: readonly Source[] | undefined): string | undefined {
  for (const s of sources ?? []) {
    const url = linkUrl(s.url);
    if (url) return url;
  }
  return undefined;
}

/** Escapes text for Markdown (hover content is untrusted: it comes from the user's file and from schemas). */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]<>|~]/g, c => `\\${c}`).replace(/^(\s*)([#+-]|\d+\.)/gm, '$1\\$2');
}

/** One source as a Markdown link `[title](url)`, or its escaped title when it has no link. */
export function markdownSource(s: Source): string {
  const url = linkUrl(s.url);
  const title = escapeMarkdown(s.title);
  // Parentheses would end the link destination early; percent-encoding keeps the same URL.
  return url ? `[${title}](${url.replace(/[()]/g, c => (c === '(' ? '%28' : '%29'))})` : title;
}

/** Every source of a fact, as Markdown links joined by " · ". */
export function markdownSources(sources: readonly Source[] | undefined): string {
  return (sources ?? []).map(markdownSource).join(' · ');
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** One source as an HTML `<a>` (opened outside the page), or its escaped title when it has no link. */
export function htmlSource(s: Source): string {
  const url = linkUrl(s.url);
  return url ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(s.title)}</a>` : escapeHtml(s.title);
}

/** The sources' titles, for short labels and filters ("; "-separated). */
export function sourceTitles(sources: readonly Source[] | undefined): string {
  return (sources ?? []).map(s => s.title).join('; ');
}
