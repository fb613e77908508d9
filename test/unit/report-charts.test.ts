import { describe, expect, it } from 'vitest';
import { barGeometry, columnGeometry } from '../../src/http/inbox/charts/bars.tsx';
import { lineGeometry } from '../../src/http/inbox/charts/line.tsx';
import { thinLabels } from '../../src/http/inbox/charts/palette.ts';

describe('chart geometry', () => {
  it('line: points left to right, larger values higher, a gap for a missing value', () => {
    const labels = ['2026-11-02', '2026-11-09', '2026-11-16'];
    const g = lineGeometry(labels, [{ name: 'median', values: [2, null, 6] }]);
    expect(g.x(labels[0]!)).toBeLessThan(g.x(labels[2]!));
    expect(g.y(6)).toBeLessThan(g.y(2)); // SVG y grows downwards
    expect(g.ticks[0]).toBe(0);
    expect(g.ticks.at(-1)).toBeGreaterThanOrEqual(6);
    // Two segments' worth of points, the gap leaving two separate moves (M … M …).
    expect(g.paths[0]!.match(/M/g)).toHaveLength(2);
    expect(g.paths[0]).not.toMatch(/NaN/);
  });

  it('line: a share axis is fixed at 0..1 and all-null or empty data draws nothing broken', () => {
    const g = lineGeometry(['a'], [{ name: 'share', values: [0.25] }], 1);
    expect(g.ticks.at(-1)).toBe(1);
    expect(lineGeometry([], [{ name: 'x', values: [] }]).paths[0]).toBe('');
    expect(lineGeometry(['a'], [{ name: 'x', values: [null] }]).paths[0]).toBe('');
  });

  it('bars: longer for larger values, the reference line inside the axis', () => {
    const bars = [
      { label: 'welcome', value: 0.001, text: '0.1%' },
      { label: 'newsletter', value: 0.0042, text: '0.42%' },
    ];
    const { x, y, height } = barGeometry(bars, undefined, 0.003);
    expect(x(0.0042)).toBeGreaterThan(x(0.003));
    expect(x(0.003)).toBeGreaterThan(x(0.001));
    expect(y(1)!).toBeGreaterThan(y(0)!);
    expect(height).toBeGreaterThan(y(1)! + y.bandwidth());
    // All zero: the axis still has a length (no division by zero).
    expect(Number.isFinite(barGeometry([{ label: 'a', value: 0, text: '0' }]).x(0))).toBe(true);
  });

  it('columns: two series side by side within each week, heights from a zero baseline', () => {
    const { x, inner, y } = columnGeometry(
      ['w1', 'w2'],
      [
        { name: 'opened', values: [10, 4] },
        { name: 'closed', values: [8, 12] },
      ],
    );
    expect(inner(0)! + inner.bandwidth()).toBeLessThanOrEqual(inner(1)!);
    expect(inner(1)! + inner.bandwidth()).toBeLessThanOrEqual(x.bandwidth());
    expect(y(12)).toBeLessThan(y(0));
  });

  it('thins axis labels to at most the number asked for, keeping the last', () => {
    const labels = Array.from({ length: 30 }, (_, i) => `w${i}`);
    const shown = thinLabels(labels, 8);
    expect(shown.size).toBeLessThanOrEqual(9);
    expect(shown.has(29)).toBe(true);
    expect(shown.has(0)).toBe(true);
  });
});
