import { toPersianDigits } from '../domain/shared/digits';
import { axisTicks, barChart, CHART_WIDTH, lineChart, PHONE_CHART_WIDTH } from './charts';

const SERIES = [
  { name: 'باز', colour: '#1d6f5f' },
  { name: 'معوق', colour: '#b3261e' },
  { name: 'پاسخ داده شده', colour: '#7a8b99' },
];

/** Every text element: its class, font size and content. */
const texts = (svg: string) =>
  [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attrs, content]) => ({
    cls: /class="([^"]*)"/.exec(attrs)?.[1] ?? '',
    size: Number(/font-size="([\d.]+)"/.exec(attrs)?.[1]),
    content,
  }));
const viewBoxWidth = (svg: string) => Number(/viewBox="0 0 ([\d.]+) /.exec(svg)![1]);

describe('the dashboard charts', () => {
  const bars = barChart('به تفکیک استان', SERIES, [
    { label: 'تهران', values: [12, 0, 30] },
    { label: 'اصفهان', values: [0, 0, 0] },
    { label: 'کهگیلویه و بویراحمد', values: [3, 1, 0] },
  ]);
  const lines = lineChart(
    'روند هفتگی',
    SERIES.slice(0, 2),
    Array.from({ length: 8 }, (_, i) => ({
      label: toPersianDigits(`09/${10 + i}`),
      values: [i * 3, i === 4 ? 0 : i],
    })),
  );

  it('draws no bar and no label for a zero', () => {
    const values = texts(bars).filter((t) => t.cls === 'value');
    expect(values.map((t) => t.content)).toEqual(['۱۲', '۳۰', '۳', '۱']);
    expect(bars).not.toMatch(/<rect[^>]*width="0(\.0)?"/);
    // A province with nothing to show is left to the table.
    expect(bars).not.toContain('اصفهان');
  });

  it('has value axes with round ticks in Persian digits', () => {
    expect(axisTicks(30)).toEqual([0, 10, 20, 30]);
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(1234)).toEqual([0, 500, 1000, 1500]);
    for (const svg of [bars, lines]) {
      expect(svg.match(/class="axis"/g)).toHaveLength(2);
      expect(texts(svg).filter((t) => t.cls === 'tick').length).toBeGreaterThanOrEqual(3);
      expect(texts(svg).some((t) => /[0-9]/.test(t.content))).toBe(false);
    }
    expect(
      texts(bars)
        .filter((t) => t.cls === 'tick')
        .map((t) => t.content),
    ).toEqual(['۰', '۱۰', '۲۰', '۳۰']);
  });

  it('keeps every text at 12 px or more when shrunk to a 390 px phone', () => {
    for (const svg of [bars, lines]) {
      expect(viewBoxWidth(svg)).toBe(CHART_WIDTH);
      const smallest = Math.min(...texts(svg).map((t) => t.size));
      expect((smallest * PHONE_CHART_WIDTH) / CHART_WIDTH).toBeGreaterThanOrEqual(12);
    }
  });

  it('keeps every label inside the chart', () => {
    for (const svg of [bars, lines]) {
      for (const m of svg.matchAll(/<text x="([\d.-]+)"/g)) {
        expect(Number(m[1])).toBeGreaterThanOrEqual(0);
        expect(Number(m[1])).toBeLessThanOrEqual(CHART_WIDTH);
      }
    }
  });
});
