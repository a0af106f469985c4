// Announces changes (a new phase, a sent reply) through a polite live region.

export function createAnnouncer(region) {
  let lastText = "";
  return function announce(text) {
    if (!text || text === lastText) return;
    lastText = text;
    region.textContent = "";
    // A fresh text node after a tick is read out even when it repeats an older message.
    setTimeout(() => {
      region.textContent = text;
    }, 50);
  };
}
