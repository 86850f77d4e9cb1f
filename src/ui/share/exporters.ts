// Exports of the memory map: a self-contained SVG (computed styles inlined, so it renders the
// same anywhere) with a title, the step and the source of the layout, and a legend; and a PNG
// of it rendered in the browser at 2× scale. Nothing leaves the machine: the
// files are handed to the user as Blob downloads.
const STYLE_PROPS = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-size', 'font-family', 'font-weight', 'text-anchor'];

const NS = 'http://www.w3.org/2000/svg';
const TITLE_H = 30;
const LEGEND_H = 26;

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The map as a self-contained SVG for slides: a title line (what, which machine, which step),
 * the map, and a legend of every colour in it. Returns the text and its size. */
export function serializeSvg(svg: SVGSVGElement, caption: string): { text: string; width: number; height: number } {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = svg.querySelectorAll('*');
  const dst = clone.querySelectorAll('*');
  src.forEach((node, i) => {
    const cs = getComputedStyle(node);
    const target = dst[i] as SVGElement;
    // through the CSSOM, which the Content-Security-Policy allows (a style attribute it would not)
    target.style.cssText = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    target.removeAttribute('class');
    target.removeAttribute('tabindex');
  });
  const vb = svg.viewBox.baseVal;
  const width = vb.width;
  const height = vb.height + TITLE_H + LEGEND_H;
  const body = getComputedStyle(document.body);
  const fg = body.color;
  const font = getComputedStyle(document.documentElement).fontFamily;
  const out = el('svg', { xmlns: NS, width, height, viewBox: `0 0 ${width} ${height}` }) as SVGSVGElement;
  out.appendChild(el('rect', { width: '100%', height: '100%', fill: body.backgroundColor }));
  const title = el('text', { x: 6, y: 20, fill: fg, 'font-size': 14, 'font-weight': 600, 'font-family': font }, caption);
  out.appendChild(title);
  const map = el('g', { transform: `translate(0, ${TITLE_H})` });
  clone.removeAttribute('role');
  clone.setAttribute('x', '0');
  clone.setAttribute('y', '0');
  map.appendChild(clone);
  out.appendChild(map);
  // legend: the memory kinds, then every segment's colour as drawn
  const entries: Array<[string, string]> = [];
  const css = getComputedStyle(document.documentElement);
  entries.push(['RAM', css.getPropertyValue('--map-ram').trim()], ['reserved', css.getPropertyValue('--map-reserved').trim()]);
  svg.querySelectorAll<SVGGElement>('g.seg').forEach((g) => {
    const r = g.querySelector('rect');
    if (r) entries.push([g.dataset.role ?? '', getComputedStyle(r).fill]);
  });
  let lx = 6;
  const ly = TITLE_H + vb.height + 8;
  for (const [label, color] of entries) {
    out.appendChild(el('rect', { x: lx, y: ly, width: 12, height: 10, fill: color }));
    out.appendChild(el('text', { x: lx + 16, y: ly + 9, fill: fg, 'font-size': 11, 'font-family': font }, label));
    lx += 16 + label.length * 6.5 + 14;
  }
  return { text: new XMLSerializer().serializeToString(out), width, height };
}

export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
