import type { OrgConfiguration } from '../app/describeOrgConfig';
import { describeError } from '../log/redact';
import { loadMapping } from '../mapping';
import type { OrgRecord } from '../store/orgRepository';
import { h } from './html';

/** What the org's mapping reads and where it writes, from the mapping file itself. */
export function mappingTable(org: OrgRecord): string {
  try {
    const mapping = loadMapping(org.crm, org.settings.mappingFile);
    const reads = Object.entries(mapping.fields)
      .filter(([, r]) => r)
      .map(([k, r]) => `<tr><td>${h(k)}</td><td><code>${h(r!.field)}</code></td><td class="muted">read</td></tr>`);
    const writes = Object.entries(mapping.writeBack)
      .filter(([, r]) => r)
      .map(([k, r]) => `<tr><td>${h(k)}</td><td><code>${h(r!.field)}</code></td><td class="muted">written</td></tr>`);
    return `<table><tr><th>leadloop</th><th>CRM field</th><th></th></tr>${[...writes, ...reads].join('')}</table>`;
  } catch (error) {
    return `<p class="error">${h(describeError(error)['message'])}</p>`;
  }
}

/**
 * The org page's configuration card: what applies, and a form that attaches a definition,
 * a mapping or routing rules (pasted YAML; empty leaves it as it is). The form posts to
 * the console route that runs the same checks as `leadloop orgs set`.
 */
export function orgConfigCard(
  c: OrgConfiguration,
  csrf: string,
  message?: { error?: string; warnings?: string[] },
): string {
  const definition =
    c.definition.version !== null
      ? `${c.definition.name}@${c.definition.version}`
      : `${c.definition.name} (${c.definition.source})`;
  const routing = c.routing.file
    ? h(c.routing.file)
    : `not configured <span class="muted">(MQLs stay with their active CRM owner, default SLA)</span>`;
  const notes = [
    ...(message?.error ? [`<pre class="error" style="white-space:pre-wrap">${h(message.error)}</pre>`] : []),
    ...(message?.warnings ?? []).map((w) => `<p class="muted">warning: ${h(w)}</p>`),
  ].join('');
  return `<div class="card"><h2>Configuration</h2>${notes}<table>
<tr><td>Mapping</td><td><code>${h(c.mapping.file)}</code>${c.mapping.shipped ? ' <span class="muted">(shipped default)</span>' : ''}</td></tr>
<tr><td>Definition</td><td>${h(definition)}</td></tr><tr><td>Routing</td><td>${routing}</td></tr>
<tr><td>Bulk threshold</td><td>${h(c.settings.bulkThreshold.value)} leads <span class="muted">(${c.settings.bulkThreshold.source === 'org' ? 'this org' : h(c.settings.bulkThreshold.source)})</span></td></tr></table>
<form method="post" action="/orgs/${h(c.org)}/config"><input type="hidden" name="_csrf" value="${h(csrf)}">
<label>Definition (stored or shipped name)</label><input name="definition" value="${h(c.definition.name)}" pattern="[a-z0-9_-]+">
<label>Mapping YAML (empty: unchanged)</label><textarea name="mapping" rows="3" style="width:100%;font:12px monospace"></textarea>
<label>Routing YAML (empty: unchanged)</label><textarea name="routing" rows="3" style="width:100%;font:12px monospace"></textarea>
<p><button class="secondary">Check and save</button></p></form></div>`;
}
