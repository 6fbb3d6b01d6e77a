// Live run progress on an org's page: polls the API and redraws the runs table.
// Served as a file (/assets/orgRuns.js) so the console's CSP needs no 'unsafe-inline';
// the org it shows comes from the page's JSON data block (#page-data), never from markup.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('page-data').textContent);
  var table = document.getElementById('runs');
  var live = document.getElementById('live');
  if (!table || !data || typeof data.org !== 'string') return;
  function cell(text, className) {
    var td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text == null ? '' : String(text);
    return td;
  }
  function row(r) {
    var c = r.counts || {};
    var tr = document.createElement('tr');
    var first = document.createElement('td');
    var link = document.createElement('a');
    link.href = '/runs/' + encodeURIComponent(String(r.id));
    link.textContent = '#' + r.id;
    first.appendChild(link);
    tr.appendChild(first);
    tr.appendChild(cell(r.mode));
    var status = cell('');
    var badge = document.createElement('span');
    badge.className = 'status ' + String(r.status).replace(/[^a-z_]/g, '');
    badge.textContent = r.status;
    status.appendChild(badge);
    tr.appendChild(status);
    tr.appendChild(cell(String(r.startedAt).replace('T', ' ').slice(0, 19)));
    tr.appendChild(
      cell(r.finishedAt ? Math.round((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 100) / 10 + ' s' : '…'),
    );
    ['pulled', 'scored', 'written', 'handovers', 'failed'].forEach(function (k) {
      tr.appendChild(cell(c[k] || 0));
    });
    tr.appendChild(cell(r.apiCalls));
    tr.appendChild(cell(r.stopReason || '', 'muted'));
    return tr;
  }
  function tick() {
    fetch('/api/v1/orgs/' + encodeURIComponent(data.org) + '/runs', { credentials: 'same-origin' })
      .then(function (res) {
        return res.json();
      })
      .then(function (body) {
        var head = table.rows[0];
        while (table.rows.length > 1) table.deleteRow(1);
        body.runs.forEach(function (r) {
          (head.parentNode || table).appendChild(row(r));
        });
        var running = body.runs.some(function (r) {
          return r.status === 'running';
        });
        live.textContent = running ? '· syncing…' : '';
        setTimeout(tick, running ? 1000 : 5000);
      })
      .catch(function () {
        setTimeout(tick, 5000);
      });
  }
  setTimeout(tick, 1000);
})();
