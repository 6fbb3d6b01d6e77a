import type { ReactNode } from 'react';
import type { ApiError } from '../api';

export function Loading() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}

export function ErrorNote({ error }: { error: ApiError }) {
  return (
    <div className="note bad" role="alert">
      <strong>{error.body.code}</strong>: {error.message}
    </div>
  );
}

/** An honest empty state: what is not in the console yet, and where it is today. */
export function NotAvailable({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <h1>{title}</h1>
      <section className="card empty" aria-labelledby="na-heading">
        <h2 id="na-heading">Not available in the console yet</h2>
        {children}
      </section>
    </>
  );
}
