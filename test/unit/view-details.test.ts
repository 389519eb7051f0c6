import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/stats/model';
import { recordFields } from '../../src/stats/stat';
import { serviceDetails } from '../../src/view/details';
import { readFixture } from '../support/fixtures';

const snapshot = buildSnapshot(readFixture('stat-2.6.csv'), readFixture('info-2.6.txt'), 0);
const server = snapshot.services.find((s) => s.kind === 'server' && s.fields.get('check_desc') !== undefined);

describe('serviceDetails', () => {
  test('the why of the state first, with labels; then every other non-empty field in HAProxy order', () => {
    assert.ok(server !== undefined, 'a checked server in the recorded 2.6 reply');
    const lines = serviceDetails(server);
    assert.deepEqual(lines[0], { label: 'status', value: server.status });
    const labels = lines.map((l) => l.label);
    assert.ok(labels.indexOf('check says') > 0 && labels.indexOf('check says') < labels.indexOf('scur'), labels.join(','));
    assert.equal(lines.find((l) => l.label === 'check says')?.value, server.fields.get('check_desc'));
    // Every non-empty field appears exactly once, under its label or its own name; pxname/svname and '-' do not.
    const present = server.fields.entries().filter(([f]) => !['pxname', 'svname', '-'].includes(f));
    assert.equal(lines.length, present.length);
    assert.ok(!labels.includes('pxname') && !labels.includes('-'));
  });

  test('seconds read as durations; lastsess -1 is never; unknown fields are kept', () => {
    assert.ok(server !== undefined);
    const fields = recordFields({ pxname: 'b', svname: 's', status: 'DOWN', lastchg: '7200', downtime: '90', lastsess: '-1', h9_future: '3' });
    // Spelled out: id and label are getters of the model's class, which a spread would not copy.
    const service = { ...server, id: server.id, label: server.label, fields };
    const byLabel = new Map(serviceDetails(service).map((l) => [l.label, l.value]));
    assert.equal(byLabel.get('state changed'), '2h ago');
    assert.equal(byLabel.get('down in total'), '1m');
    assert.equal(byLabel.get('last session'), 'never');
    assert.equal(byLabel.get('h9_future'), '3');
  });
});
