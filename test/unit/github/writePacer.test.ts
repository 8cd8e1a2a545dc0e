import * as assert from 'node:assert/strict';
import { parseContentRate } from '../../../src/github/contentRate';
import { WritePacer } from '../../../src/github/writePacer';

const T = 1_000_000;
const reply = (n: number) => ({ content: n, points: 5 });

describe('WritePacer', () => {
  it('lets requests go at once while every window has room', () => {
    const p = new WritePacer({ contentRate: parseContentRate('10/min'), intervalMs: 0 });
    assert.deepEqual(p.nextSendTime(reply(10), T), { at: T });
    p.record(reply(4), T);
    assert.deepEqual(p.nextSendTime(reply(6), T), { at: T });
  });

  it('slides: room comes back exactly windowMs after a charge, oldest first', () => {
    const p = new WritePacer({ contentRate: parseContentRate('10/min'), intervalMs: 0 });
    p.record(reply(4), T);
    p.record(reply(6), T + 20_000);
    assert.deepEqual(p.nextSendTime(reply(3), T + 30_000), { at: T + 60_000, reason: 'content-minute' });
    assert.deepEqual(p.nextSendTime(reply(5), T + 30_000), { at: T + 80_000, reason: 'content-minute' });
    assert.deepEqual(p.nextSendTime(reply(3), T + 60_000), { at: T + 60_000 });
  });

  it('names the longest of several windows the hourly one, scaled or not', () => {
    const real = new WritePacer({ intervalMs: 0 });
    for (let i = 0; i < 50; i++) real.record(reply(10), T + i * 60_000);
    assert.equal(real.nextSendTime(reply(10), T + 50 * 60_000).reason, 'content-hour');
    const scaled = new WritePacer({ contentRate: parseContentRate('80/6s,500/360s'), intervalMs: 0 });
    for (let i = 0; i < 50; i++) scaled.record(reply(10), T + i * 6000);
    assert.deepEqual(scaled.nextSendTime(reply(10), T + 50 * 6000), { at: T + 360_000, reason: 'content-hour' });
    const single = new WritePacer({ contentRate: parseContentRate('5/h'), intervalMs: 0 });
    single.record(reply(5), T);
    assert.equal(single.nextSendTime(reply(1), T).reason, 'content-hour');
  });

  it('spaces requests intervalMs after the end of the previous one, without a reason', () => {
    const p = new WritePacer({ intervalMs: 1000 });
    assert.deepEqual(p.nextSendTime(reply(1), T), { at: T });
    p.record(reply(1), T + 250);
    assert.deepEqual(p.nextSendTime(reply(1), T + 300), { at: T + 1250 });
    assert.deepEqual(p.nextSendTime({ content: 0, points: 1 }, T + 5000), { at: T + 5000 });
  });

  it('charges points for every request, replies or not', () => {
    const p = new WritePacer({ pointRate: [{ limit: 10, windowMs: 60_000 }], intervalMs: 0 });
    p.record({ content: 0, points: 5 }, T);
    p.record({ content: 0, points: 1 }, T + 1);
    assert.deepEqual(p.nextSendTime({ content: 0, points: 5 }, T + 2), { at: T + 60_000, reason: 'points-minute' });
    assert.deepEqual(p.nextSendTime({ content: 0, points: 4 }, T + 2), { at: T + 2 });
  });

  it('caps one request at the smallest content limit', () => {
    assert.equal(new WritePacer().maxContentPerRequest, 80);
    assert.equal(new WritePacer({ contentRate: parseContentRate('5/min,500/h') }).maxContentPerRequest, 5);
  });
});
