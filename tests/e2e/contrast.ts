import type { Page } from 'playwright-core';

/** One piece of text whose contrast with what is behind it is under the WCAG AA minimum. */
export interface ContrastProblem { text: string; ratio: number; needed: number; colour: string; background: string }

/**
 * Every visible piece of text on the page (or inside `scope`) with a contrast ratio under WCAG AA:
 * 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). The background is found by blending the
 * element's ancestors' background colours from the page down; colours are read through a canvas,
 * so any CSS colour syntax (color-mix, color(srgb ...)) counts. Disabled controls, faded elements
 * (opacity < 1, WCAG exempts inactive components) and text drawn over pictures are skipped.
 */
export function findContrastProblems(page: Page, scope = 'body'): Promise<ContrastProblem[]> {
  return page.evaluate((scopeSelector) => {
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    const rgba = (css: string): [number, number, number, number] => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000';
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const d = ctx.getImageData(0, 0, 1, 1).data;
      return [d[0], d[1], d[2], d[3] / 255];
    };
    const over = (top: [number, number, number, number], under: [number, number, number]): [number, number, number] =>
      [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])) as [number, number, number];
    const luminance = ([r, g, b]: [number, number, number]) => {
      const f = (c: number) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const pageBackground = over(rgba(getComputedStyle(document.body).backgroundColor), [255, 255, 255]);
    const backgroundOf = (el: Element): [number, number, number] | null => {
      const chain: Element[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) chain.push(e);
      let colour = pageBackground;
      for (const e of chain.reverse()) {
        const style = getComputedStyle(e);
        if (style.backgroundImage !== 'none' && !style.backgroundImage.startsWith('radial-gradient')) return null;
        colour = over(rgba(style.backgroundColor), colour);
      }
      return colour;
    };
    const faded = (el: Element) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        if (Number(getComputedStyle(e).opacity) < 1) return true;
        if ((e as HTMLButtonElement).disabled || e.getAttribute('aria-disabled') === 'true') return true;
      }
      return false;
    };
    const problems: { text: string; ratio: number; needed: number; colour: string; background: string }[] = [];
    const root = document.querySelector(scopeSelector) ?? document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim()) continue;
      seen.add(el);
      const style = getComputedStyle(el);
      if (style.visibility !== 'visible' || el.closest('svg, option, .visually-hidden')) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 1 || rect.height < 1 || rect.bottom < 0 || rect.right < 0 || rect.top > innerHeight || rect.left > innerWidth) continue;
      if (faded(el)) continue;
      const background = backgroundOf(el);
      if (!background) continue;
      const fg = over(rgba(style.color), background);
      const [a, b] = [luminance(fg), luminance(background)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      if (ratio < needed) problems.push({ text: n.textContent.trim().slice(0, 60), ratio: Math.round(ratio * 100) / 100, needed, colour: style.color, background: `rgb(${background.map(Math.round).join(' ')})` });
    }
    return problems;
  }, scope);
}
