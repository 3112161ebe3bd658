// Watches the state text of one VM's row in the list (arguments[0]: its name). Every change is
// recorded with Date.now(), the machine's clock that the harness compares with the time it ran virsh.
// Returns the state shown now.
const name = arguments[0];
const grid = document.querySelector('vaadin-grid');
// Cells live in the grid's light DOM; the row they belong to is the <tr> of their slot in its shadow DOM.
const stateOf = () => {
  for (const link of grid.querySelectorAll('.vm-name')) {
    if (link.textContent.trim() !== name) {
      continue;
    }
    const cell = link.closest('vaadin-grid-cell-content');
    const row = cell && cell.assignedSlot && cell.assignedSlot.closest('tr');
    if (!row || row.hidden) {
      continue;
    }
    for (const td of row.querySelectorAll('td')) {
      const slot = td.querySelector('slot');
      const content = slot && slot.assignedElements()[0];
      const state = content && content.querySelector('.vm-state');
      if (state) {
        return state.textContent.trim();
      }
    }
  }
  return null;
};
const watch = { changes: [], last: stateOf() };
window.__hangarBenchWatch = watch;
new MutationObserver(() => {
  const now = stateOf();
  if (now !== watch.last) {
    watch.last = now;
    watch.changes.push([Date.now(), now]);
  }
}).observe(grid, { childList: true, subtree: true, characterData: true });
return watch.last;
