// Views redraw only when what they draw from changes: most store updates (busy counts, the status
// line, other views' answers) leave them as they are.

/** unchanged(items): true when `items` equal, one by one, those of the call before; forget() starts over. */
export function createChangeCheck() {
  let last = null;
  return {
    unchanged(items) {
      const same = last !== null && last.length === items.length && items.every((item, i) => item === last[i]);
      last = items;
      return same;
    },
    forget() {
      last = null;
    },
  };
}
