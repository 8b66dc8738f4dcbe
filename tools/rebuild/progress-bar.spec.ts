import { describe, expect, it } from '@jest/globals';
import { ProgressBar, formatProgress } from './progress-bar.js';

describe('formatProgress', () => {
  it('fills the bar by the share replayed, rounding down', () => {
    expect(formatProgress(5200, 10000, 'ordering', 10)).toBe('[#####.....]  52% 5200/10000 events ordering');
    expect(formatProgress(9999, 10000, 'ordering', 10)).toBe('[#########.]  99% 9999/10000 events ordering');
  });

  it('starts empty and ends full', () => {
    expect(formatProgress(0, 10, 'catalog', 4)).toBe('[....]   0% 0/10 events catalog');
    expect(formatProgress(10, 10, 'catalog', 4)).toBe('[####] 100% 10/10 events catalog');
  });

  it('shows an empty event store as complete, and never overflows', () => {
    expect(formatProgress(0, 0, 'delivery', 4)).toBe('[####] 100% 0/0 events delivery');
    expect(formatProgress(12, 10, 'delivery', 4)).toBe('[####] 100% 12/10 events delivery');
  });
});

describe('ProgressBar', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, out: { isTTY, write: (text: string) => written.push(text) } };
  };

  it('redraws one terminal line in place, throttled, always drawing the end', () => {
    let now = 0;
    const { written, out } = stream(true);
    const bar = new ProgressBar(out, 100, () => now);
    bar.update(0, 100, 'ordering');
    bar.update(10, 100, 'ordering'); // within 100 ms: skipped
    now = 150;
    bar.update(20, 100, 'ordering');
    bar.update(100, 100, 'ordering'); // the end, however soon
    bar.finish();
    expect(written).toEqual([
      `\r\x1b[2K${formatProgress(0, 100, 'ordering')}`,
      `\r\x1b[2K${formatProgress(20, 100, 'ordering')}`,
      `\r\x1b[2K${formatProgress(100, 100, 'ordering')}`,
      '\n',
    ]);
  });

  it('writes a plain line per tenth when not on a terminal', () => {
    const { written, out } = stream(false);
    const bar = new ProgressBar(out);
    for (let i = 0; i <= 100; i += 5) bar.update(i, 100, 'approvals');
    bar.finish();
    expect(written).toHaveLength(11);
    expect(written.every((line) => !line.includes('\x1b') && line.endsWith('\n'))).toBe(true);
    expect(written.at(-1)).toBe(`${formatProgress(100, 100, 'approvals')}\n`);
  });
});
