import * as assert from 'node:assert/strict';
import { FileLocks } from '../../../../src/engine/schedule/fileLock';
import { ticks } from './schedulerTestUtil';

describe('FileLocks', () => {
  it('grants one holder per file, in arrival order, and forgets free files', async () => {
    const locks = new FileLocks();
    const order: string[] = [];
    const r1 = await locks.acquire('a');
    const w2 = locks.acquire('a').then((r) => (order.push('2'), r));
    const w3 = locks.acquire('a').then((r) => (order.push('3'), r));
    const other = await locks.acquire('b'); // another file is not blocked
    await ticks();
    assert.deepEqual(order, []);
    r1();
    r1(); // idempotent: must not let a third holder in
    const r2 = await w2;
    await ticks();
    assert.deepEqual(order, ['2']);
    r2();
    (await w3)();
    other();
    assert.equal(locks.size, 0);
  });
});
