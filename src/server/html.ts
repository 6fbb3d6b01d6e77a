/** Escapes text for HTML element content and attribute values. */
export function h(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"'`]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!,
  );
}

/**
 * Data for a page's script, as a JSON data block (`<script type="application/json">`, which
 * never runs and needs no CSP exception). Every character that could end the element or
 * start markup is escaped, so the value cannot leave the block (issue 24, item 1).
 */
export function jsonData(value: unknown, id = 'page-data'): string {
  const json = JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `<script type="application/json" id="${h(id)}">${json}</script>`;
}

const CSS = `
:root{--ink:#1d2433;--muted:#5b6475;--line:#e3e6ec;--bg:#f6f7f9;--accent:#2f6fde;--good:#1f9d55;--bad:#d64545;--warn:#c98a12}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line);padding:10px 24px;display:flex;gap:20px;align-items:center}
header b{font-size:16px;letter-spacing:.2px}header nav a{margin-right:14px;color:var(--muted);text-decoration:none}header nav a:hover{color:var(--accent)}
header form{margin-left:auto}main{max-width:1180px;margin:0 auto;padding:20px 24px}
h1{font-size:20px;margin:4px 0 16px}h2{font-size:15px;margin:0 0 10px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:16px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px}
.kpis{display:flex;gap:22px;flex-wrap:wrap}.kpi b{display:block;font-size:22px}.kpi span{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);font-size:13px}th{color:var(--muted);font-weight:600}
.status{padding:1px 8px;border-radius:10px;font-size:12px;background:#eef1f6}.completed{background:#e3f5ea;color:var(--good)}.failed,.stopped{background:#fbe7e7;color:var(--bad)}.running{background:#fff4dc;color:var(--warn)}
button,.btn{background:var(--accent);color:#fff;border:0;border-radius:6px;padding:7px 14px;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#eef1f6;color:var(--ink)}input,select{font:inherit;padding:6px 8px;border:1px solid var(--line);border-radius:6px;width:100%}
label{display:block;margin:8px 0 3px;color:var(--muted);font-size:12px}.muted{color:var(--muted)}.error{color:var(--bad)}.ok{color:var(--good)}
svg text{font:11px system-ui,sans-serif;fill:var(--ink)}.login{max-width:360px;margin:80px auto}
`;

export function layout(title: string, body: string, user?: { email: string; csrf: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${h(title)} · leadloop</title><style>${CSS}</style></head><body>
<header><b>leadloop</b>${
    user
      ? `<nav><a href="/">Dashboard</a><a href="/orgs">Orgs</a><a href="/connect">Connect a CRM</a><a href="/api/v1/openapi.json">API</a></nav>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${h(user.csrf)}"><span class="muted">${h(user.email)}</span> <button class="secondary">Sign out</button></form>`
      : ''
  }</header>
<main>${body}</main></body></html>`;
}

/** Horizontal bars: label, value, optional second text. Plain SVG, no script. */
export function barChart(
  rows: { label: string; value: number; note?: string; color?: string }[],
  options: { width?: number; unit?: string } = {},
): string {
  if (!rows.length) return '<p class="muted">No data yet.</p>';
  const width = options.width ?? 380;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const bar = width - 200;
  const height = rows.length * 24 + 4;
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img">${rows
    .map((r, i) => {
      const w = Math.max(1, Math.round((r.value / max) * bar));
      const y = i * 24 + 4;
      return (
        `<text x="0" y="${y + 13}">${h(r.label)}</text><rect x="80" y="${y}" width="${w}" height="16" rx="3" fill="${r.color ?? '#2f6fde'}"></rect>` +
        `<text x="${84 + w}" y="${y + 13}">${h(r.value)}${h(options.unit ?? '')}${r.note ? ` · ${h(r.note)}` : ''}</text>`
      );
    })
    .join('')}</svg>`;
}

export const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`;
