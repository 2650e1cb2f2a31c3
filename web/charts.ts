import Handlebars from 'handlebars';
import { toPersianDigits } from '../domain/shared/digits';

/**
 * Server-drawn SVG charts: no script, no external library, readable without CSS. Colours are
 * presentation attributes (the CSP forbids inline styles); every chart has a title for screen readers.
 *
 * Drawn CHART_WIDTH wide at their natural size and only shrunk to fit: on a 390 px phone the card
 * leaves about 324 px, so the smallest text (CHART_FONT_SIZE) still renders at 12 px or more. Axes
 * carry ticks in Persian digits; a bar of zero is neither drawn nor labelled.
 */
export interface Series {
  name: string;
  colour: string;
}

export const CHART_WIDTH = 420;
export const CHART_FONT_SIZE = 16;
/** The chart's drawn width on a 390 px screen: the card's content box. */
export const PHONE_CHART_WIDTH = 324;

const F = CHART_FONT_SIZE;
const esc = (s: string) => Handlebars.escapeExpression(s);
const fa = (n: number) => toPersianDigits(n);
/** A rough width of a label in this font, to keep labels inside the chart. */
const textWidth = (s: string) => s.length * F * 0.55;

/** Round tick values from 0 to at least `max`: 1, 2 or 5 times a power of ten apart, whole numbers. */
export function axisTicks(max: number, count = 4): number[] {
  const raw = Math.max(1, max) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!,
  );
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}

/** The legend: one swatch and name per series, right to left, wrapping to a new line when full. */
function legend(series: Series[]): { parts: string[]; height: number } {
  const parts: string[] = [];
  let x = CHART_WIDTH - 2;
  let y = 4;
  for (const s of series) {
    const width = 18 + textWidth(s.name) + 16;
    if (x - width < 0) {
      x = CHART_WIDTH - 2;
      y += F + 8;
    }
    parts.push(
      `<rect x="${x - 12}" y="${y + 3}" width="12" height="12" fill="${s.colour}"/>`,
      `<text x="${x - 18}" y="${y + F - 2}" text-anchor="end" font-size="${F}">${esc(s.name)}</text>`,
    );
    x -= width;
  }
  return { parts, height: y + F + 12 };
}

/**
 * Horizontal bars, one group per row: the row's name on its own line, then a bar per series growing
 * leftwards (RTL) with its value at its end; rows with nothing to show are left out (the page's
 * table lists every row). The value axis runs along the bottom.
 */
export function barChart(
  title: string,
  series: Series[],
  rows: { label: string; values: number[] }[],
): string {
  const shown = rows.filter((r) => r.values.some((v) => v > 0));
  const key = legend(series);
  const barHeight = F + 2;
  const rowHeight = F + 8 + series.length * (barHeight + 3) + 10;
  const right = CHART_WIDTH - 4;
  const plotWidth = CHART_WIDTH - 16;
  const ticks = axisTicks(Math.max(0, ...shown.flatMap((r) => r.values)));
  const top = ticks[ticks.length - 1];
  const xOf = (v: number) => right - (v / top) * plotWidth;
  const plotTop = key.height;
  const plotBottom = plotTop + Math.max(1, shown.length) * rowHeight;
  const parts: string[] = [...key.parts];
  for (const t of ticks) {
    const x = xOf(t).toFixed(1);
    parts.push(
      `<line x1="${x}" y1="${plotTop}" x2="${x}" y2="${plotBottom}" stroke="#e3e3e3"/>`,
      `<text class="tick" x="${x}" y="${plotBottom + F + 6}" text-anchor="middle" font-size="${F}">${fa(t)}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${right}" y1="${plotTop}" x2="${right}" y2="${plotBottom}" stroke="#555"/>`,
    `<line class="axis" x1="${xOf(top).toFixed(1)}" y1="${plotBottom}" x2="${right}" y2="${plotBottom}" stroke="#555"/>`,
  );
  shown.forEach((row, i) => {
    const y = plotTop + i * rowHeight;
    parts.push(
      `<text x="${right - 4}" y="${y + F + 2}" text-anchor="end" font-size="${F}" font-weight="bold">${esc(row.label)}</text>`,
    );
    row.values.forEach((v, j) => {
      if (v <= 0) return;
      const by = y + F + 8 + j * (barHeight + 3);
      const x = xOf(v);
      const label = fa(v);
      // The value sits past the bar's end, or inside it when the bar nearly fills the width.
      const inside = x - 4 - textWidth(label) < 0;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${by}" width="${(right - x).toFixed(1)}" height="${barHeight}" fill="${series[j].colour}"><title>${esc(series[j].name)}: ${label}</title></rect>`,
        `<text class="value" x="${(inside ? x + 4 : x - 4).toFixed(1)}" y="${by + barHeight - 4}" text-anchor="${inside ? 'start' : 'end'}" font-size="${F}"${inside ? ' fill="#fff"' : ''}>${label}</text>`,
      );
    });
  });
  return svg(title, plotBottom + F + 12, parts);
}

/** Lines over time, oldest on the right (RTL reading order), over a value axis with gridlines. */
export function lineChart(
  title: string,
  series: Series[],
  points: { label: string; values: number[] }[],
): string {
  const key = legend(series);
  const height = key.height + 200;
  const axisX = CHART_WIDTH - 8 - textWidth(fa(9999));
  const pad = { top: key.height + 8, bottom: F + 16, left: 14 };
  const ticks = axisTicks(Math.max(0, ...points.flatMap((p) => p.values)));
  const top = ticks[ticks.length - 1];
  const plotRight = axisX - 14;
  const step = points.length > 1 ? (plotRight - pad.left) / (points.length - 1) : 0;
  const x = (i: number) => plotRight - i * step;
  const y = (v: number) => height - pad.bottom - (v / top) * (height - pad.top - pad.bottom);
  const parts: string[] = [...key.parts];
  for (const t of ticks) {
    parts.push(
      `<line x1="${pad.left}" y1="${y(t).toFixed(1)}" x2="${axisX}" y2="${y(t).toFixed(1)}" stroke="#e3e3e3"/>`,
      `<text class="tick" x="${CHART_WIDTH - 2}" y="${(y(t) + F / 3).toFixed(1)}" text-anchor="end" font-size="${F}">${fa(t)}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${axisX}" y1="${pad.top}" x2="${axisX}" y2="${height - pad.bottom}" stroke="#555"/>`,
    `<line class="axis" x1="${pad.left}" y1="${height - pad.bottom}" x2="${axisX}" y2="${height - pad.bottom}" stroke="#555"/>`,
  );
  // Every other date when they would touch.
  const every = Math.max(1, Math.ceil((textWidth(points[0]?.label ?? '') + 8) / Math.max(1, step)));
  points.forEach((p, i) => {
    if (i % every === 0)
      parts.push(
        `<text class="tick" x="${x(i).toFixed(1)}" y="${height - 6}" text-anchor="middle" font-size="${F}">${esc(p.label)}</text>`,
      );
  });
  series.forEach((s, j) => {
    const path = points.map((p, i) => `${x(i).toFixed(1)},${y(p.values[j]).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${s.colour}" stroke-width="2.5"/>`);
    points.forEach((p, i) =>
      parts.push(
        `<circle cx="${x(i).toFixed(1)}" cy="${y(p.values[j]).toFixed(1)}" r="4" fill="${s.colour}"><title>${esc(s.name)} ${esc(p.label)}: ${fa(p.values[j])}</title></circle>`,
      ),
    );
  });
  return svg(title, height, parts);
}

function svg(title: string, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" direction="ltr" class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" font-family="inherit" fill="#222"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}
