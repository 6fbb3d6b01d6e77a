import { NotAvailable } from '../components/States';

export function RoutingPage() {
  return (
    <NotAvailable title="Routing">
      <p>
        Teams, members, capacity, rules and SLA hours cannot be viewed or edited here yet. Today they live in a routing
        file attached to an org (<code>leadloop orgs set ORG --routing FILE</code>); the assignments per rep and the SLA
        breaches are in <code>leadloop routing ORG</code> and <code>GET /api/v1/orgs/&#123;name&#125;/routing</code>.
      </p>
    </NotAvailable>
  );
}

export function SettingsPage() {
  return (
    <NotAvailable title="Settings">
      <p>
        Administrators, API tokens and the audit log have no API yet, so the console cannot show them. Use the CLI:{' '}
        <code>leadloop admin list|create|remove</code> for administrators and{' '}
        <code>leadloop admin token create|list|revoke</code> for API tokens.
      </p>
    </NotAvailable>
  );
}
