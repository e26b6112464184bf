"""
The browser: Debian's Chromium through Playwright, one browser and one tab for all pages of a call.

The tab holds one document with the fonts loaded once; each page's HTML is put
into its body in turn. Two passes a page: first the stories' text is set in
columns of the page's width and the browser reports where it breaks every line
(measure); then the laid-out page is checked (every column holds the lines it
was given and nothing runs over its box, no headline line is wider than its
box) and printed to PDF (print).
"""

import json

from .grid import PAGE_HEIGHT, PAGE_WIDTH

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

STYLE = f"""
@page {{ size: {PAGE_WIDTH:g}pt {PAGE_HEIGHT:g}pt; margin: 0 }}
html, body {{ margin: 0; padding: 0; background: #fff }}
body {{ width: {PAGE_WIDTH:g}pt; height: {PAGE_HEIGHT:g}pt; position: relative; overflow: hidden; color: #1b1b1b;
  -webkit-print-color-adjust: exact; print-color-adjust: exact }}
div, p, img {{ box-sizing: border-box }}
.a {{ position: absolute }}
.seg {{ font-family: PaperSerif; text-align: justify; text-spacing-trim: space-all; text-autospace: no-autospace;
  line-break: strict; word-break: normal; overflow-wrap: anywhere; font-kerning: none; font-synthesis: none }}
.seg p {{ margin: 0; text-indent: 2em }}
.seg p.c {{ text-indent: 0 }}
.seg p.j {{ text-align-last: justify }}
.seg p.h {{ text-indent: 0; text-align: center; text-align-last: center; font-family: PaperSans; font-weight: 700 }}
.seg b {{ font-weight: 700 }}
.seg .d {{ font-family: PaperSans; font-weight: 700 }}
.head {{ display: flex; flex-direction: column; justify-content: center; text-align: center;
  text-spacing-trim: space-all; font-kerning: none; font-synthesis: none }}
.head .k {{ font-family: PaperSerif; color: #333 }}
.head .t {{ font-family: PaperSans; font-weight: 700; white-space: nowrap; line-height: 1.25; overflow: hidden }}
.head .s {{ font-family: PaperSerif; color: #333 }}
.cap {{ font-family: PaperSans; text-align: left; text-spacing-trim: space-all; line-break: strict;
  overflow-wrap: anywhere; overflow: hidden; color: #333 }}
.ink {{ font-synthesis: none; text-spacing-trim: space-all }}
"""

SCRIPT = """
function lineStarts(p) {
  const starts = [], range = document.createRange();
  const half = parseFloat(getComputedStyle(p).lineHeight) / 2;
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  let offset = 0, lastTop = null;
  for (let node; (node = walker.nextNode()); ) {
    const text = node.data;
    for (let i = 0; i < text.length; i++) {
      if (/\\s/.test(text[i]) && text[i] !== '\\u3000') continue;
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (!rects.length) continue;
      const top = rects[0].top;
      if (lastTop === null || top > lastTop + half) { starts.push(offset + i); lastTop = top; }
    }
    offset += text.length;
  }
  return starts;
}
function measure() {
  return [...document.querySelectorAll('.seg')].map(seg => [...seg.children].map(lineStarts));
}
function check() {
  const problems = [], slack = 0.6;
  for (const seg of document.querySelectorAll('.seg[data-lines]')) {
    const box = seg.getBoundingClientRect();
    let lines = 0;
    for (const p of seg.children) {
      lines += lineStarts(p).length;
      if (p.getBoundingClientRect().bottom > box.bottom + slack) problems.push('runs over: ' + seg.dataset.where);
    }
    if (lines !== +seg.dataset.lines) problems.push(`${lines} lines for ${seg.dataset.lines}: ${seg.dataset.where}`);
  }
  for (const el of document.querySelectorAll('.t, .fit')) {
    if (el.scrollWidth > el.clientWidth + 1) problems.push('too wide: ' + el.textContent);
  }
  for (const el of document.querySelectorAll('.head, .cap')) {
    const box = el.getBoundingClientRect();
    for (const child of el.children.length ? el.children : [el]) {
      const r = child.getBoundingClientRect();
      if (r.top < box.top - slack || r.bottom > box.bottom + slack) problems.push('runs over: ' + el.textContent);
    }
    if (el.scrollHeight > el.clientHeight + 1) problems.push('runs over: ' + el.textContent);
  }
  return problems;
}
async function settle() {
  await Promise.all([...document.images].map(img => img.decode()));
  await document.fonts.ready;
}
"""


class LayoutError(RuntimeError):
    pass


class Press:
    """with Press(font_css) as press: press.measure(html) ...; press.print(html, path)."""

    def __init__(self, font_css):
        self.font_css = font_css

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            width, height = round(PAGE_WIDTH * 4 / 3), round(PAGE_HEIGHT * 4 / 3)
            self._tab = self._browser.new_page(viewport={"width": width, "height": height})
            self._tab.set_content(
                f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
                f"<style>{self.font_css}\n{STYLE}</style><script>{SCRIPT}</script></head><body></body></html>"
            )
            self._tab.evaluate("Promise.all([...document.fonts].map(f => f.load()))")
        except Exception:
            self._playwright.stop()
            raise
        return self

    def __exit__(self, *exc):
        self._browser.close()
        self._playwright.stop()

    def _show(self, html):
        self._tab.evaluate("async html => { document.body.innerHTML = html; await settle(); }", html)

    def measure(self, html):
        """For each .seg in `html`, for each of its blocks, the offsets where the block's lines start."""
        self._show(html)
        return self._tab.evaluate("measure()")

    def print(self, html, path):
        """Check the laid-out page and print it to `path`; LayoutError if anything runs over."""
        self._show(html)
        problems = self._tab.evaluate("check()")
        if problems:
            raise LayoutError(f"{path.name}: " + json.dumps(problems[:5], ensure_ascii=False))
        self._tab.pdf(path=str(path), print_background=True, prefer_css_page_size=True)
