/**
 * The demo host pages `make dev` serves: one plausible nonprofit home page per demo tenant with
 * the widget's one script tag on it, and an index linking them. Plain HTML with its own (ordinary,
 * un-namespaced) CSS, the way tenant sites are.
 */
export interface DemoTenant {
  tenant_hash: string;
  name: string;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const SITE_CSS = `
body { margin: 0; font-family: Georgia, 'Times New Roman', serif; color: #222; background: #fbfaf7; }
header { background: #2f5d50; color: #fff; padding: 24px 16px; }
header h1 { margin: 0; font-size: 32px; }
nav a { color: #fff; margin-right: 16px; }
main { max-width: 760px; margin: 0 auto; padding: 16px; }
h2 { color: #2f5d50; }
button, .cta { display: inline-block; padding: 10px 16px; background: #c2410c; color: #fff; border: 0; border-radius: 4px; font-size: 16px; text-decoration: none; }
footer { padding: 24px 16px; font-size: 14px; color: #555; }
`;

/** A tenant's home page with the widget on it. `widgetSrc` and `masterUrl` are absolute or root-relative. */
export function demoHostPage(tenant: DemoTenant, options: { widgetSrc: string; masterUrl: string }): string {
  const name = escapeHtml(tenant.name);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name}</title>
<link rel="icon" href="data:,">
<style>${SITE_CSS}</style>
</head>
<body>
<header><h1 id="site-title">${name}</h1><nav><a href="#about">About</a><a href="#help">Get involved</a><a href="#donate">Donate</a></nav></header>
<main>
<section id="about"><h2>Who we are</h2><p id="about-text">${name} is a community nonprofit. Our volunteers and staff work every day so that families in our area have what they need.</p></section>
<section id="help"><h2>Get involved</h2><p>Volunteer with us, donate, or ask our assistant anything: the chat button is in the corner of this page.</p><a class="cta" id="cta" href="#donate">Volunteer today</a></section>
<section id="donate"><h2>Donate</h2><p>Every gift helps. Ask the assistant how donations are used.</p><button type="button" id="donate-button">Give now</button></section>
</main>
<footer>© ${name}. Demo page served by make dev.</footer>
<script src="${escapeHtml(options.widgetSrc)}" data-tenant="${escapeHtml(tenant.tenant_hash)}" data-api="${escapeHtml(options.masterUrl)}" defer></script>
</body>
</html>
`;
}

/** The index of demo pages. */
export function demoIndexPage(tenants: DemoTenant[]): string {
  const items = tenants.map((t) => `<li><a href="/${encodeURIComponent(t.tenant_hash)}/">${escapeHtml(t.name)}</a> (${escapeHtml(t.tenant_hash)})</li>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Picasso widget demo pages</title><style>${SITE_CSS}</style></head><body><main><h1>Picasso chat widget: demo tenant pages</h1><ul>${items}</ul></main></body></html>`;
}
