import { describe, expect, it } from 'vitest';
import { repairWindows1252 } from '../../src/domain/inbound/windows-1252.ts';

describe('repairWindows1252', () => {
  it('maps C1 controls to the windows-1252 characters their bytes meant', () => {
    expect(repairWindows1252('80 \u0080 \u0084Herbst\u0093 \u0096 l\u0092\u009cuvre')).toBe('80 € „Herbst“ – l’œuvre');
  });

  it('leaves other text alone', () => {
    expect(repairWindows1252('Göteborg 许功 שלום')).toBe('Göteborg 许功 שלום');
  });
});
