import { ErrorNote, Loading } from '../components/States';
import { when } from '../format';
import type { Org } from '../types';
import { useApi } from '../useApi';

interface Version {
  version: number;
  isActive: boolean;
  createdAt: string;
  createdBy: string;
  note: string | null;
}

function DefinitionVersions({ name, orgs }: { name: string; orgs: string[] }) {
  const versions = useApi<{ versions: Version[] }>(`/definitions/${encodeURIComponent(name)}`);
  return (
    <section className="card" aria-labelledby={`def-${name}`}>
      <h2 id={`def-${name}`}>{name}</h2>
      <p className="muted">Attached to {orgs.join(', ')}</p>
      {versions.error && <ErrorNote error={versions.error} />}
      {versions.data && !versions.data.versions.length && (
        <p className="muted">No stored version yet: the shipped file is stored as version 1 at the first run.</p>
      )}
      {versions.data && versions.data.versions.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Saved</th>
                <th scope="col">By</th>
                <th scope="col">Note</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.versions.map((v) => (
                <tr key={v.version}>
                  <td>v{v.version}</td>
                  <td>{when(v.createdAt)}</td>
                  <td>{v.createdBy}</td>
                  <td>{v.note ?? ''}</td>
                  <td>{v.isActive ? 'active' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The definitions the orgs use and their versions (read-only; editing is not in the console yet). */
export function DefinitionsPage() {
  const orgs = useApi<{ orgs: Org[] }>('/orgs');
  const byDefinition = new Map<string, string[]>();
  for (const o of orgs.data?.orgs ?? [])
    byDefinition.set(o.definition, [...(byDefinition.get(o.definition) ?? []), o.name]);
  return (
    <>
      <h1>Definitions</h1>
      <p className="note">
        Viewing, editing, backtesting and activating definitions in the console is not available yet; use{' '}
        <code>leadloop definition</code> and <code>leadloop backtest</code>, or the API (
        <code>POST /api/v1/definitions</code>).
      </p>
      {orgs.loading && <Loading />}
      {orgs.error && <ErrorNote error={orgs.error} />}
      {orgs.data && !byDefinition.size && <p className="card empty">No org yet, so no definition in use.</p>}
      {[...byDefinition].map(([name, names]) => (
        <DefinitionVersions key={name} name={name} orgs={names} />
      ))}
    </>
  );
}
