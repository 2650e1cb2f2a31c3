import Handlebars from 'handlebars';
import { toPersianDigits } from '../domain/shared/digits';

/**
 * Server-drawn SVG charts: no script, no external library, readable without CSS. Colours are
 * presentation attributes (the CSP forbids inline styles); every chart has a title for screen readers.
 */
export interface Series {
  name: string;
  colour: string;
}

const esc = (s: string) => Handlebars.escapeExpression(s);

/** Horizontal bars, one group per row, labels on the right (RTL). */
export function barChart(
  title: string,
  series: Series[],
  rows: { label: string; values: number[] }[],
): string {
  const barHeight = 12;
  const rowHeight = barHeight * series.length + 10;
  const labelWidth = 150;
  const plotWidth = 420;
  const width = labelWidth + plotWidth + 60;
  const height = rowHeight * rows.length + 30;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = 24 + i * rowHeight;
    parts.push(
      `<text x="${width - 4}" y="${y + (rowHeight - 10) / 2 + 4}" text-anchor="end" font-size="12">${esc(row.label)}</text>`,
    );
    row.values.forEach((v, j) => {
      const w = Math.round((v / max) * plotWidth);
      const x = width - labelWidth - 8 - w;
      const by = y + j * barHeight;
      parts.push(
        `<rect x="${x}" y="${by}" width="${w}" height="${barHeight - 2}" fill="${series[j].colour}"><title>${esc(series[j].name)}: ${toPersianDigits(v)}</title></rect>`,
        `<text x="${x - 4}" y="${by + barHeight - 3}" text-anchor="end" font-size="10">${toPersianDigits(v)}</text>`,
      );
    });
  });
  return svg(title, width, height, series, parts);
}

/** Lines over time, oldest on the right (RTL reading order). */
export function lineChart(
  title: string,
  series: Series[],
  points: { label: string; values: number[] }[],
): string {
  const width = 620;
  const height = 220;
  const pad = { top: 28, bottom: 30, side: 30 };
  const max = Math.max(1, ...points.flatMap((p) => p.values));
  const step = points.length > 1 ? (width - 2 * pad.side) / (points.length - 1) : 0;
  const x = (i: number) => width - pad.side - i * step;
  const y = (v: number) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const parts: string[] = [
    `<line x1="${pad.side}" y1="${height - pad.bottom}" x2="${width - pad.side}" y2="${height - pad.bottom}" stroke="#999"/>`,
  ];
  points.forEach((p, i) =>
    parts.push(
      `<text x="${x(i)}" y="${height - 10}" text-anchor="middle" font-size="10">${esc(p.label)}</text>`,
    ),
  );
  series.forEach((s, j) => {
    const path = points.map((p, i) => `${x(i).toFixed(1)},${y(p.values[j]).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${s.colour}" stroke-width="2"/>`);
    points.forEach((p, i) =>
      parts.push(
        `<circle cx="${x(i).toFixed(1)}" cy="${y(p.values[j]).toFixed(1)}" r="3" fill="${s.colour}"><title>${esc(s.name)} ${esc(p.label)}: ${toPersianDigits(p.values[j])}</title></circle>`,
      ),
    );
  });
  return svg(title, width, height, series, parts);
}

function svg(title: string, width: number, height: number, series: Series[], parts: string[]): string {
  const legend = series
    .map(
      (s, i) =>
        `<rect x="${width - 12 - i * 110}" y="4" width="10" height="10" fill="${s.colour}"/><text x="${width - 16 - i * 110}" y="13" text-anchor="end" font-size="11">${esc(s.name)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" direction="ltr" class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="100%" font-family="inherit" fill="#222"><title>${esc(title)}</title>${legend}${parts.join('')}</svg>`;
}
