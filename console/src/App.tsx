import { useEffect, type ReactNode } from 'react';
import { setCsrfToken } from './api';
import { Layout, type Crumb } from './components/Layout';
import { ErrorNote, Loading } from './components/States';
import { DashboardPage } from './pages/DashboardPage';
import { DefinitionsPage } from './pages/DefinitionsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrgPage } from './pages/OrgPage';
import { OrgsPage } from './pages/OrgsPage';
import { RoutingPage, SettingsPage } from './pages/PlaceholderPages';
import { ReportsPage } from './pages/ReportsPage';
import { RunPage } from './pages/RunPage';
import { RunsPage } from './pages/RunsPage';
import { matchPath, usePath } from './router';
import type { Session } from './types';
import { useApi } from './useApi';

interface Screen {
  title: string;
  crumbs: Crumb[];
  page: ReactNode;
}

const home: Crumb = { label: 'Dashboard', href: '/' };

/** Which page a path shows; the server answers the same paths (src/server/consoleRoutes.ts). */
function screenFor(path: string): Screen {
  const p = path.length > 1 ? path.replace(/\/$/, '') : path;
  const simple: Record<string, [string, () => ReactNode]> = {
    '/': ['Dashboard', () => <DashboardPage />],
    '/orgs': ['Orgs', () => <OrgsPage />],
    '/runs': ['Runs', () => <RunsPage />],
    '/definitions': ['Definitions', () => <DefinitionsPage />],
    '/routing': ['Routing', () => <RoutingPage />],
    '/reports': ['Reports', () => <ReportsPage />],
    '/settings': ['Settings', () => <SettingsPage />],
  };
  const found = simple[p];
  if (found)
    return {
      title: found[0],
      crumbs: p === '/' ? [home] : [home, { label: found[0], href: p }],
      page: found[1](),
    };
  const org = matchPath('/orgs/:name', p);
  if (org)
    return {
      title: org['name']!,
      crumbs: [home, { label: 'Orgs', href: '/orgs' }, { label: org['name']! }],
      page: <OrgPage key={org['name']} name={org['name']!} />,
    };
  const run = matchPath('/runs/:id', p);
  if (run && /^\d+$/.test(run['id']!))
    return {
      title: `Run #${run['id']}`,
      crumbs: [home, { label: 'Runs', href: '/runs' }, { label: `#${run['id']}` }],
      page: <RunPage key={run['id']} id={run['id']!} />,
    };
  return { title: 'Not found', crumbs: [home, { label: 'Not found' }], page: <NotFoundPage /> };
}

export function App() {
  const session = useApi<Session>('/session');
  const path = usePath();
  const screen = screenFor(path);
  useEffect(() => {
    document.title = `${screen.title} · leadloop`;
  }, [screen.title]);
  useEffect(() => setCsrfToken(session.data?.csrfToken ?? null), [session.data]);
  if (session.error) return <ErrorNote error={session.error} />;
  if (!session.data) return <Loading />;
  return (
    <Layout session={session.data} crumbs={screen.crumbs}>
      {screen.page}
    </Layout>
  );
}
