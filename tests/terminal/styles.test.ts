// The stylesheet's animations, read through jsdom's CSS object model: every
// keyframe animates only what Chromium's compositor runs without the main
// thread (opacity, transform), so a flash or a pulse never repaints a frame;
// the price flash is a tint on the cell's own ::after layer; the Polling
// pulse reaches an iteration boundary rarely; reduced motion turns the
// animations off. (tests/e2e/flash.test.mjs checks the same on the
// animations Chromium really runs.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const STYLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/terminal/src/styles.css');
const COMPOSITOR_ONLY = ['opacity', 'transform'];
const FLASH_CLASSES = ['flash-up-0', 'flash-up-1', 'flash-down-0', 'flash-down-1'];

let sheet: CSSStyleSheet;
beforeAll(() => {
  const style = document.createElement('style');
  style.textContent = readFileSync(STYLES, 'utf8');
  document.head.append(style);
  sheet = style.sheet!;
});

const topRules = () => [...sheet.cssRules];
const keyframes = () => topRules().filter((r): r is CSSKeyframesRule => r instanceof CSSKeyframesRule);
const styleRules = (rules: CSSRule[] = topRules()) => rules.filter((r): r is CSSStyleRule => r instanceof CSSStyleRule);
const declared = (s: CSSStyleDeclaration) => Array.from({ length: s.length }, (_, i) => s.item(i));
/// The keyframes a rule starts: `animation-name`, or the word of the
/// `animation` shorthand that names a @keyframes of the sheet.
const animationOf = (r: CSSStyleRule) => {
  const names = new Set(keyframes().map((k) => k.name));
  const byName = r.style.getPropertyValue('animation-name');
  if (byName) return byName;
  return r.style.getPropertyValue('animation').split(/\s+/).find((w) => names.has(w) || w === 'none') ?? '';
};

describe('styles.css animations', () => {
  it('animate only opacity and transform, which the compositor runs without repainting', () => {
    expect(keyframes().length).toBeGreaterThan(0);
    for (const k of keyframes()) {
      for (const frame of [...k.cssRules] as CSSKeyframeRule[]) {
        const props = declared(frame.style).filter((p) => p !== 'animation-timing-function');
        for (const p of props) expect(COMPOSITOR_ONLY, `@keyframes ${k.name} ${frame.keyText} animates ${p}`).toContain(p);
      }
    }
  });

  it('flash the price through a tint on the cell\'s ::after overlay, in both directions and parities', () => {
    const base = styleRules().find((r) => r.selectorText.includes('td.price::after'));
    expect(base?.style.getPropertyValue('position')).toBe('absolute');
    expect(base?.style.getPropertyValue('opacity')).toBe('0');
    for (const cls of FLASH_CLASSES) {
      const mine = styleRules().filter((r) => r.selectorText.split(',').some((s) => s.trim().startsWith(`.${cls}`)));
      const animating = mine.filter((r) => animationOf(r));
      expect(animating.length, `.${cls} starts an animation`).toBeGreaterThan(0);
      for (const r of animating) {
        expect(r.selectorText, `.${cls} animates the overlay, not the cell`).toContain(`.${cls}::after`);
        expect(keyframes().map((k) => k.name)).toContain(animationOf(r));
      }
      const tint = mine.find((r) => r.style.getPropertyValue('background') || r.style.getPropertyValue('background-color'));
      expect(tint?.selectorText, `.${cls} tints the overlay`).toContain(`.${cls}::after`);
    }
    // The two parities start different keyframes, so a class change alone restarts the flash.
    const nameOf = (cls: string) => animationOf(styleRules().find((r) => r.selectorText.includes(`.${cls}::after`) && animationOf(r))!);
    expect(nameOf('flash-up-0')).not.toBe(nameOf('flash-up-1'));
    expect(nameOf('flash-down-0')).not.toBe(nameOf('flash-down-1'));
  });

  it('pulse the Polling dot every 1.2 s, with an iteration boundary only every 5 s or more', () => {
    // Chromium services a composited animation on the main thread around each
    // iteration boundary (a few frames) when the page listens to
    // animationiteration, as React's root does: several pulses per iteration.
    const rule = styleRules().find((r) => r.selectorText === '.tone-polling .conn-dot')!;
    const shorthand = rule.style.getPropertyValue('animation');
    const seconds = Number(/(\d+(?:\.\d+)?)s\b/.exec(shorthand)?.[1]);
    const pulse = keyframes().find((k) => k.name === animationOf(rule))!;
    const dips = ([...pulse.cssRules] as CSSKeyframeRule[])
      .filter((f) => Number(f.style.getPropertyValue('opacity')) < 1)
      .flatMap((f) => f.keyText.split(','));
    expect(shorthand).toContain('infinite');
    expect(seconds).toBeGreaterThanOrEqual(5);
    expect(seconds / dips.length).toBeCloseTo(1.2, 5);
  });

  it('are off under prefers-reduced-motion', () => {
    const reduced = topRules().find((r): r is CSSMediaRule => r instanceof CSSMediaRule && r.conditionText.includes('prefers-reduced-motion: reduce'));
    const off = styleRules(reduced ? [...reduced.cssRules] : []).filter((r) => animationOf(r) === 'none');
    const selectors = off.flatMap((r) => r.selectorText.split(',').map((s) => s.trim()));
    for (const cls of FLASH_CLASSES) expect(selectors).toContain(`.${cls}::after`);
    expect(selectors).toContain('.tone-polling .conn-dot');
  });
});
