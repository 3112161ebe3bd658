// Injected before the console's own scripts (Page.addScriptToEvaluateOnNewDocument). Records, on the
// page's clock (performance.now(): milliseconds since navigation start), when the VM list first shows
// rows and the expected total in its count ("S of N VMs shown"): `seen` when the DOM has them, `painted`
// at the next animation frame.
(() => {
  const expected = __EXPECTED__;
  const total = () => {
    const count = document.querySelector('.vm-count');
    const match = count && /of\s+([\d.,\s\u00a0\u202f]+?)\s*VMs?\b/.exec(count.textContent);
    return match ? Number(match[1].replace(/\D/g, '')) : -1;
  };
  const rowShown = () => {
    const name = document.querySelector('vaadin-grid .vm-name');
    return !!name && name.textContent.trim() !== '';
  };
  const observer = new MutationObserver(() => {
    if (total() === expected && rowShown()) {
      observer.disconnect();
      const mark = { seen: performance.now() };
      window.__hangarBench = mark;
      requestAnimationFrame(() => { mark.painted = performance.now(); });
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();
