import { describe, expect, it } from 'vitest';
import type { RoomSnapshot } from '../../../shared/sync';
import { profileUpdate } from '../../../renderer/src/room/room-store';

const me = 'a'.repeat(64);
const snapshot = (name: string, colour = '#2f7d5b'): RoomSnapshot => ({
  t: 'room',
  you: me,
  facilitator: me,
  people: [
    { key: me, name, colour, online: true },
    { key: 'b'.repeat(64), name: 'Bea', colour: '#3a6fd8', online: true },
  ],
  timer: null,
  view: null,
  round: null,
  mine: null,
});

describe('the room shows us by our own name', () => {
  it('asks the host to replace the desktop’s placeholder, or an old name, once', () => {
    expect(profileUpdate(snapshot('Facilitator'), 'Fay', '#2f7d5b')).toEqual({
      t: 'profile',
      name: 'Fay',
      colour: '#2f7d5b',
    });
    expect(profileUpdate(snapshot('Fay'), 'Fay', '#b4462f')).toMatchObject({ colour: '#b4462f' });
    expect(profileUpdate(snapshot('Fay'), 'Fay', '#2f7d5b')).toBeNull();
  });

  it('says nothing outside a room or without a name', () => {
    expect(profileUpdate(null, 'Fay', '#2f7d5b')).toBeNull();
    expect(profileUpdate(snapshot('Guest 000'), '', '#2f7d5b')).toBeNull();
  });
});
