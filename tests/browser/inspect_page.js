// Run in a page by test_hostile_text.py: reports, for the app container, injected elements,
// inline event handlers, markup inside user text, user text outside its box, and
// the user texts it shows (the caller compares them with what it expects).
() => {
  const app = document.getElementById('app');
  const report = {injected: [], handlers: [], nested: [], overflow: []};
  report.pwned = typeof window.__pwned !== 'undefined';
  const forbidden = [
    'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'svg', 'math', 'base', 'meta',
    'link', 'style', 'video', 'audio', 'marquee', 'template', 'noscript', 'xmp', 'portal',
    'a[href^="javascript" i]', 'a[href^="data" i]', 'img:not(.qr):not(.screen-qr)',
  ].join(', ');
  for (const node of app.querySelectorAll(forbidden)) report.injected.push(node.outerHTML.slice(0, 80));
  for (const node of document.querySelectorAll('*')) {
    for (const attr of node.attributes) {
      if (attr.name.startsWith('on')) report.handlers.push(`${node.tagName} ${attr.name}`);
    }
  }
  const texts = [...app.querySelectorAll('.user-text')];
  for (const node of texts) if (node.children.length) report.nested.push(node.innerHTML.slice(0, 80));
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    report.overflow.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  }
  const isInline = (node) => {
    const display = getComputedStyle(node).display;
    return display.startsWith('inline') || display === 'contents';
  };
  for (const node of texts) {
    const box = node.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    let container = node.parentElement;
    while (container.parentElement && isInline(container)) container = container.parentElement;
    const outer = container.getBoundingClientRect();
    if (box.left < outer.left - 1 || box.right > outer.right + 1 || box.left < -1 || box.right > width + 1) {
      report.overflow.push(
        `${JSON.stringify(node.textContent.slice(0, 24))} spans [${Math.round(box.left)}, ` +
        `${Math.round(box.right)}], its box [${Math.round(outer.left)}, ${Math.round(outer.right)}]`);
    }
  }
  report.shown = texts.map((node) => node.tagName === 'TEXTAREA' ? node.value : node.textContent);
  return report;
}
