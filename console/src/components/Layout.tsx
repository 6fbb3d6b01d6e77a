import type { ReactNode } from 'react';
import { Link, usePath } from '../router';
import type { Session } from '../types';

export interface Crumb {
  label: string;
  href?: string;
}

const SECTIONS = [
  { href: '/', label: 'Dashboard' },
  { href: '/orgs', label: 'Orgs' },
  { href: '/runs', label: 'Runs' },
  { href: '/definitions', label: 'Definitions' },
  { href: '/routing', label: 'Routing' },
  { href: '/reports', label: 'Reports' },
  { href: '/settings', label: 'Settings' },
];

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

/** The frame of every page: the sidebar, the signed-in admin, breadcrumbs, the page. */
export function Layout({ session, crumbs, children }: { session: Session; crumbs: Crumb[]; children: ReactNode }) {
  const path = usePath();
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">leadloop</div>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.href}>
                <Link href={s.href} aria-current={isCurrent(s.href, path) ? 'page' : undefined}>
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="content">
        <header className="topbar">
          <nav aria-label="Breadcrumb" className="breadcrumbs">
            <ol>
              {crumbs.map((c, i) => (
                <li key={i}>
                  {c.href && i < crumbs.length - 1 ? (
                    <Link href={c.href}>{c.label}</Link>
                  ) : (
                    <span aria-current={i === crumbs.length - 1 ? 'page' : undefined}>{c.label}</span>
                  )}
                </li>
              ))}
            </ol>
          </nav>
          <form method="post" action="/logout" className="signout">
            <input type="hidden" name="_csrf" value={session.csrfToken ?? ''} />
            <span className="muted">{session.name}</span> <button className="secondary">Sign out</button>
          </form>
        </header>
        <main id="main">{children}</main>
      </div>
    </div>
  );
}
