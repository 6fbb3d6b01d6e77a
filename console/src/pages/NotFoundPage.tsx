import { Link } from '../router';

export function NotFoundPage({ what = 'page' }: { what?: string }) {
  return (
    <>
      <h1>Not found</h1>
      <section className="card" aria-label="Not found">
        <p>
          There is no such {what} here: {window.location.pathname}
        </p>
        <p>
          <Link href="/">Go to the dashboard</Link> or pick a section in the sidebar.
        </p>
      </section>
    </>
  );
}
