/** Escapes text for HTML element content and attribute values. */
export function h(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"'`]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!,
  );
}

const CSS = `
:root{--ink:#1d2433;--muted:#525a6b;--line:#dde1e8;--bg:#f6f7f9;--accent:#2257c4;--good:#17663a;--bad:#a82a2a;--warn:#7a5200}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line);padding:10px 24px;display:flex;gap:20px;align-items:center}
header b{font-size:16px;letter-spacing:.2px}header nav a{margin-right:14px;color:var(--muted);text-decoration:none}header nav a:hover{color:var(--accent)}
header form{margin-left:auto}main{max-width:1180px;margin:0 auto;padding:20px 24px}
h1{font-size:20px;margin:4px 0 16px}h2{font-size:15px;margin:0 0 10px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:16px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);font-size:13px}th{color:var(--muted);font-weight:600}
button,.btn{background:var(--accent);color:#fff;border:0;border-radius:6px;padding:7px 14px;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#eef1f6;color:var(--ink)}input,select{font:inherit;padding:6px 8px;border:1px solid var(--line);border-radius:6px;width:100%}
label{display:block;margin:8px 0 3px;color:var(--muted);font-size:12px}.muted{color:var(--muted)}.error{color:var(--bad)}.ok{color:var(--good)}
.login{max-width:360px;margin:80px auto}
`;

export function layout(title: string, body: string, user?: { email: string; csrf: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${h(title)} · leadloop</title><style>${CSS}</style></head><body>
<header><b>leadloop</b>${
    user
      ? `<nav><a href="/">Dashboard</a><a href="/orgs">Orgs</a><a href="/runs">Runs</a><a href="/connect">Connect a CRM</a></nav>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${h(user.csrf)}"><span class="muted">${h(user.email)}</span> <button class="secondary">Sign out</button></form>`
      : ''
  }</header>
<main>${body}</main></body></html>`;
}
