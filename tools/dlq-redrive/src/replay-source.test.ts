import { decodeReplayObject, isSelected, listPrefix, parseReplayKey, replayedKey, SKIP } from './replay-source';

const EVENT = JSON.stringify({ event_id: 'evt_1', event_type: 'MESSAGE_SENT' });

describe('the replay sources', () => {
  it('reads a quarantine key into its reason and day, pending or replayed', () => {
    expect(parseReplayKey('quarantine', 'quarantine/reason=unknown_tenant/year=2026/month=12/day=02/m-1.json')).toEqual({
      key: 'quarantine/reason=unknown_tenant/year=2026/month=12/day=02/m-1.json',
      group: 'unknown_tenant',
      day: '2026-12-02',
    });
    expect(parseReplayKey('quarantine', 'quarantine-replayed/reason=schema_violation/year=2026/month=01/day=31/m.json')).toMatchObject({ group: 'schema_violation', day: '2026-01-31' });
    expect(parseReplayKey('quarantine', 'quarantine/notes.txt')).toBeUndefined();
  });

  it('reads a spill key into its producer and day', () => {
    expect(parseReplayKey('spill', 'spill/chat-streaming/year=2026/month=12/day=01/0b5c.json')).toMatchObject({ group: 'chat-streaming', day: '2026-12-01' });
    expect(parseReplayKey('spill', 'spill/year=2026/month=12/day=01/0b5c.json')).toBeUndefined();
  });

  it('lists one reason or producer only when the selection names it', () => {
    expect(listPrefix({ source: 'quarantine' })).toBe('quarantine/');
    expect(listPrefix({ source: 'quarantine', reason: 'unknown_tenant' })).toBe('quarantine/reason=unknown_tenant/');
    expect(listPrefix({ source: 'quarantine', reason: 'unknown_tenant' }, true)).toBe('quarantine-replayed/reason=unknown_tenant/');
    expect(listPrefix({ source: 'spill', producer: 'master' })).toBe('spill/master/');
  });

  it('selects by inclusive day range', () => {
    const key = parseReplayKey('spill', 'spill/master/year=2026/month=12/day=02/x.json')!;
    expect(isSelected({ source: 'spill', from: '2026-12-02', to: '2026-12-02' }, key)).toBe(true);
    expect(isSelected({ source: 'spill', from: '2026-12-03' }, key)).toBe(false);
    expect(isSelected({ source: 'spill', to: '2026-12-01' }, key)).toBe(false);
    expect(isSelected({ source: 'spill', producer: 'other' }, key)).toBe(false);
  });

  it('moves a replayed object under <source>-replayed/ with the rest of its key', () => {
    expect(replayedKey('quarantine', 'quarantine/reason=unknown_tenant/year=2026/month=12/day=02/m.json')).toBe('quarantine-replayed/reason=unknown_tenant/year=2026/month=12/day=02/m.json');
    expect(replayedKey('spill', 'spill/master/year=2026/month=12/day=02/x.json')).toBe('spill-replayed/master/year=2026/month=12/day=02/x.json');
    expect(() => replayedKey('spill', 'quarantine/x.json')).toThrow(RangeError);
  });

  it('replays the body of a quarantine record', () => {
    expect(decodeReplayObject('quarantine', JSON.stringify({ reason: 'unknown_tenant', detail: 'd', message_id: 'm', received_at: 't', receive_count: 1, body: EVENT }))).toEqual({ ok: true, bodies: [EVENT] });
    // The processor keeps a JSON body parsed (strings redacted): it is re-sent as that JSON.
    expect(decodeReplayObject('quarantine', JSON.stringify({ reason: 'unknown_tenant', detail: 'd', message_id: 'm', received_at: 't', receive_count: 1, body: JSON.parse(EVENT) }))).toEqual({ ok: true, bodies: [JSON.stringify(JSON.parse(EVENT))] });
  });

  it.each([
    ['not JSON', 'nope', SKIP.notJson],
    ['a record of an unparseable body (length, hash and excerpt only)', JSON.stringify({ reason: 'not_json', detail: 'd', body_length: 12, body_sha256: 'ab', body_excerpt: '[x]' }), SKIP.bodyNotKept],
    ['an old record of a body that is not JSON', JSON.stringify({ reason: 'not_json', body: 'call 555' }), SKIP.bodyNotObject],
    ['something else', JSON.stringify({ hello: 1 }), SKIP.notQuarantineRecord],
  ])('skips %s, saying why', (_what, text, skip) => {
    expect(decodeReplayObject('quarantine', text)).toEqual({ ok: false, skip });
  });

  it('replays every body of a spill object and skips a malformed one', () => {
    expect(decodeReplayObject('spill', JSON.stringify({ producer: 'p', spilled_at: 't', reason: 'r', bodies: [EVENT, 'raw'] }))).toEqual({ ok: true, bodies: [EVENT, 'raw'] });
    expect(decodeReplayObject('spill', JSON.stringify({ producer: 'p', bodies: [1] }))).toEqual({ ok: false, skip: SKIP.notSpill });
  });
});
