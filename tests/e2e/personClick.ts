import type { Locator, Page } from 'playwright-core';

/**
 * Clicks `locator` the way a person does: at the centre of where it is now, with the mouse,
 * without scrolling anything into view. Throws, naming the element, when that centre is outside
 * the window or another element is on top there (which Playwright's own click would hide).
 */
export async function clickAsPerson(page: Page, locator: Locator, what: string): Promise<void> {
  const point = await centreOnTop(page, locator, what);
  await page.mouse.click(point.x, point.y);
}

/** The centre of `locator`, checked to be inside the window and on top. */
export async function centreOnTop(page: Page, locator: Locator, what: string): Promise<{ x: number; y: number }> {
  await locator.waitFor({ state: 'visible' });
  const box = await settledBox(locator);
  if (!box) throw new Error(`${what}: not on the page`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const viewport = page.viewportSize()!;
  if (x < 0 || y < 0 || x > viewport.width || y > viewport.height) {
    throw new Error(`${what}: its centre (${Math.round(x)}, ${Math.round(y)}) is outside the ${viewport.width}x${viewport.height} window`);
  }
  const onTop = await locator.evaluate((el, p) => {
    const hit = document.elementFromPoint(p.x, p.y);
    return hit === el || el.contains(hit) ? null : hit ? `${hit.tagName.toLowerCase()}.${[...hit.classList].join('.')} "${(hit.textContent ?? '').trim().slice(0, 30)}"` : 'nothing';
  }, { x, y });
  if (onTop !== null) throw new Error(`${what}: at its centre (${Math.round(x)}, ${Math.round(y)}) the top element is ${onTop}`);
  return { x, y };
}

/**
 * The element's box once it has stopped moving (a drawer slides in over 0.18 s; a person waits for
 * it). Gives up after 3 s and returns the last box, so an element that never arrives still fails.
 */
async function settledBox(locator: Locator): Promise<{ x: number; y: number; width: number; height: number } | null> {
  let last = await locator.boundingBox();
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await locator.boundingBox();
    if (now && last && now.x === last.x && now.y === last.y && now.width === last.width && now.height === last.height) return now;
    last = now;
  }
  return last;
}
