/**
 * A readable name for a Knowledge Base source (`s3://bucket/tenants/<id>/kb/volunteer-faq.md` →
 * "Volunteer faq"; a web URL → its host and path). Never the bucket: visitors need the document.
 */
export function sourceLabel(source: string): string {
  const s3 = /^s3:\/\/[^/]+\/(.+)$/.exec(source);
  if (s3) {
    const file = s3[1]!.split('/').pop() ?? s3[1]!;
    const words = decodeURIComponentSafe(file).replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[-_]+/g, ' ').trim();
    return words ? words.charAt(0).toUpperCase() + words.slice(1) : source;
  }
  try {
    const url = new URL(source);
    return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return source;
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
