// Injected before the console's own scripts (Page.addScriptToEvaluateOnNewDocument). Records, on the
// page's clock (performance.now(): milliseconds since navigation start), when the VM list first shows
// rows and the expected total in its count ("S of N VMs shown"): `seen` when the DOM has them, `painted`
// at the next animation frame. For finding causes it also keeps, from Resource Timing, when the HTML,
// the last script and Vaadin's first server round trip (?v-r=init / uidl) had arrived, and how many
// bytes of script the page decoded and how many came over the wire (transferSize: compressed bodies
// plus headers).
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
      const resources = performance.getEntriesByType('resource');
      const isScript = (r) => r.initiatorType === 'script' || /\.js(\?|$)/.test(r.name);
      const last = (pick) => Math.max(0, ...resources.filter(pick).map((r) => r.responseEnd));
      const rounds = resources.filter((r) => /[?&]v-r=(init|uidl)/.test(r.name)).map((r) => r.responseEnd);
      const mark = {
        seen: performance.now(),
        html: performance.getEntriesByType('navigation')[0]?.responseEnd ?? 0,
        scripts: last(isScript),
        scriptBytes: resources.filter(isScript).reduce((sum, r) => sum + r.decodedBodySize, 0),
        scriptTransferred: resources.filter(isScript).reduce((sum, r) => sum + r.transferSize, 0),
        server: rounds.length > 0 ? Math.min(...rounds) : 0,
      };
      window.__hangarBench = mark;
      requestAnimationFrame(() => { mark.painted = performance.now(); });
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();
