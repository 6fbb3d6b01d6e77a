import { useState, type FormEvent } from 'react';
import { api, ApiError, orgPath } from '../api';
import type { OrgConfiguration } from '../types';

/**
 * Attach a definition, a mapping or routing rules (YAML pasted as text; an empty box leaves
 * it as it is): POST /orgs/{name}/config, the same checks as `leadloop orgs set`. What was
 * typed stays in the form when the server refuses it; its problems show next to it.
 */
export function ConfigForm({ org, config, onSaved }: { org: string; config: OrgConfiguration; onSaved: () => void }) {
  const [definition, setDefinition] = useState(config.definition.name);
  const [mapping, setMapping] = useState('');
  const [routing, setRouting] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setWarnings(null);
    try {
      const saved = await api.post<{ warnings: string[] }>(`${orgPath(org)}/config`, {
        ...(definition.trim() && definition.trim() !== config.definition.name ? { definition: definition.trim() } : {}),
        ...(mapping.trim() ? { mapping } : {}),
        ...(routing.trim() ? { routing } : {}),
      });
      setWarnings(saved.warnings ?? []);
      setMapping('');
      setRouting('');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };
  const problems = Array.isArray(error?.body.details)
    ? (error.body.details as unknown[]).map((d) =>
        typeof d === 'string'
          ? d
          : `${(d as { path?: string }).path ?? ''}: ${(d as { message?: string }).message ?? ''}`,
      )
    : [];
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Change configuration">
      <label htmlFor="cfg-definition">Lead definition (a stored or shipped name)</label>
      <input id="cfg-definition" value={definition} onChange={(e) => setDefinition(e.target.value)} />
      <label htmlFor="cfg-mapping">Mapping YAML (empty: unchanged)</label>
      <textarea id="cfg-mapping" rows={4} value={mapping} onChange={(e) => setMapping(e.target.value)} />
      <label htmlFor="cfg-routing">Routing YAML (empty: unchanged)</label>
      <textarea id="cfg-routing" rows={4} value={routing} onChange={(e) => setRouting(e.target.value)} />
      <p>
        <button className="secondary" disabled={busy}>
          Check and save
        </button>
      </p>
      {error && (
        <div className="note bad" role="alert">
          <p>Nothing changed: {error.message}</p>
          {problems.length > 0 && (
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {warnings && (
        <div className="note" role="status">
          <p className="ok">Saved; it applies from the next run.</p>
          {warnings.length > 0 && (
            <ul>
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
