// The loss curve's tooltip: the step under the pointer, its data-set (training) cost and its test
// cost when the point has one. Each number carries its full value in data-value, for tests.
import { formatNumber } from "../lib/format.js";
import { setHidden } from "../lib/quiet-writes.js";

const FIELDS = [
  ["step", "Step"],
  ["cost", "Training cost"],
  ["test", "Test cost"],
];

export function createChartTooltip(root) {
  const box = document.createElement("dl");
  box.className = "chart-tooltip";
  box.dataset.role = "chart-tooltip";
  box.hidden = true;
  const cells = {};
  for (const [field, label] of FIELDS) {
    const row = document.createElement("div");
    const name = document.createElement("dt");
    name.textContent = label;
    const value = document.createElement("dd");
    value.dataset.field = field;
    row.append(name, value);
    box.append(row);
    cells[field] = { row, value };
  }
  root.append(box);

  return {
    /** The point's numbers beside (x, y), pixels within the root. */
    show(point, x, y) {
      for (const [field] of FIELDS) {
        const number = point[field];
        const shown = Number.isFinite(number);
        cells[field].row.hidden = !shown;
        cells[field].value.dataset.value = shown ? String(number) : "";
        cells[field].value.textContent = !shown ? "" : field === "step" ? String(number) : formatNumber(number, 5);
      }
      box.dataset.step = String(point.step);
      box.hidden = false;
      // Beside the point, on whichever side leaves it inside the chart.
      const room = root.clientWidth - box.offsetWidth - 4;
      box.style.left = `${Math.max(4, x + 12 > room ? x - box.offsetWidth - 12 : x + 12)}px`;
      box.style.top = `${Math.max(4, y - box.offsetHeight - 8)}px`;
    },
    hide() {
      setHidden(box, true);
    },
  };
}
