import { RunTable } from '../components/RunTable';
import { ErrorNote, Loading } from '../components/States';
import { isLive } from '../format';
import type { Run } from '../types';
import { useApi } from '../useApi';

export function RunsPage() {
  const runs = useApi<{ runs: Run[] }>('/runs', (d) => (d.runs.some(isLive) ? 1000 : null));
  return (
    <>
      <h1>Runs</h1>
      <section className="card" aria-label="Runs of every org">
        {runs.error && <ErrorNote error={runs.error} />}
        {runs.data ? <RunTable runs={runs.data.runs} showOrg /> : <Loading />}
      </section>
    </>
  );
}
