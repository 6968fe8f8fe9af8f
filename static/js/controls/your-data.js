// "Your data" in the New network card: a CSV chosen from a file, pasted, or made by clicking points
// onto the input plane; the server's reading of it (the first rows and the inferred task) before
// anything is stored; then one button uploads it and creates a network on it with the form's layers.
import { el } from "../lib/dom.js";
import { formatNumber, plural } from "../lib/format.js";
import { css, labelColor } from "../pictures/picture-colors.js";
import { classCounts, clickedClass, pointsAdvice, pointsCsv, toPixel, toPlane } from "./plane-points.js";

const PREVIEW_DELAY_MS = 250;
const POINT_RADIUS = 5;

function labelled(text, control, className = "") {
  const label = el("label", className, el("span", "", text), control);
  return label;
}

function input(type, attributes) {
  const element = document.createElement("input");
  element.type = type;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

function build(root) {
  const name = input("text", { "data-role": "data-label", value: "my data", maxlength: "80", spellcheck: "false" });
  const file = input("file", { "data-role": "data-file", accept: ".csv,text/csv,text/plain" });
  const text = document.createElement("textarea");
  Object.assign(text, { rows: 5, spellcheck: false, placeholder: "x1,x2,label\n0.5,-0.2,1\n-0.7,0.1,0" });
  text.dataset.role = "data-text";
  const targets = input("number", { "data-role": "data-targets", min: "1", step: "1", value: "1" });
  const test = input("number", { "data-role": "data-test", min: "0", max: "0.5", step: "0.05", value: "0" });
  const radios = [0, 1].map((c) => input("radio", { name: "plane-class", value: String(c), "data-role": `plane-class-${c}` }));
  radios[0].checked = true;
  const canvas = el("canvas", "data-plane");
  canvas.dataset.role = "data-plane";
  canvas.setAttribute("aria-label", "The input plane from -1 to 1: click to add a point");
  const undo = el("button", "", "Undo point");
  const clear = el("button", "", "Clear");
  for (const [b, role] of [[undo, "plane-undo"], [clear, "plane-clear"]]) Object.assign(b, { type: "button" }).dataset.role = role;
  const count = el("p", "small muted plane-count");
  count.dataset.role = "plane-count";
  const preview = el("div", "data-preview");
  preview.dataset.role = "data-preview";
  preview.setAttribute("aria-live", "polite");
  const message = el("p", "form-message");
  Object.assign(message.dataset, { role: "data-message" });
  message.setAttribute("role", "alert");
  const create = el("button", "primary", "Upload and create network");
  Object.assign(create, { type: "button" }).dataset.role = "data-create";

  const classes = el("div", "plane-classes",
    ...radios.map((r, c) => el("label", `plane-class is-class-${c}`, r, el("span", "", `class ${c}`))));
  root.append(
    el("summary", "", "Your data"),
    el("p", "small muted", "One example per line, numbers separated by commas, targets last; a first row "
      + "of names is optional. Only this browser learns the data's name."),
    labelled("Name", name, "wide"),
    el("div", "buttons", el("label", "button file-button", "Choose a CSV file…", file)),
    labelled("…or paste it here", text, "wide"),
    el("div", "data-options", labelled("Target columns", targets), labelled("Held out for testing", test)),
    el("div", "plane-block",
      el("p", "small", "…or click points onto the plane (x1 and x2 from −1 to 1; Shift-click adds the other class):"),
      classes, canvas, count, el("div", "buttons small-buttons", undo, clear)),
    preview, message, create,
  );
  return { name, file, text, targets, test, radios, canvas, undo, clear, count, preview, message, create };
}

/** The first rows as the server read them, the columns' names (targets marked) and the task. */
function previewTable(info) {
  const inputs = info.inputs;
  const head = el("tr", "", ...info.columns.map((c, i) => {
    const th = el("th", i >= inputs ? "is-target" : "", c);
    th.scope = "col";
    return th;
  }));
  const rows = info.preview.map((row) => el("tr", "", ...row.map((v, i) => el("td", i >= inputs ? "is-target" : "", formatNumber(v, 4)))));
  const table = el("table", "data-table", el("thead", "", head), el("tbody", "", ...rows));
  return el("div", "data-table-frame", table);
}

function previewSummary(info) {
  const split = info.test_size ? `${info.size} train, ${info.test_size} held out` : "all train";
  const task = el("p", "data-task", el("strong", "", info.task === "classification" ? "Classification" : "Regression"),
    `: ${info.task_reason}.`);
  task.dataset.role = "data-task";
  task.dataset.task = info.task;
  const sizes = el("p", "small muted",
    `${plural(info.rows, "row")} (${split}) · ${plural(info.inputs, "input")} → ${plural(info.outputs, "output")}`
    + (info.image_side ? ` · ${info.image_side}×${info.image_side} images` : "")
    + (info.header ? " · first row read as names" : ""));
  return [task, sizes];
}

export function createYourData(root, actions, { useDataset }) {
  const ui = build(root);
  let points = [];
  let timer = null;
  let shown = null;

  const draft = () => ({
    label: ui.name.value, csv: ui.text.value, targets: Number(ui.targets.value), testFraction: Number(ui.test.value) || 0,
  });

  function schedule() {
    ui.create.disabled = !ui.text.value.trim();
    clearTimeout(timer);
    timer = setTimeout(() => actions.previewData(draft()), PREVIEW_DELAY_MS);
  }

  function drawPlane() {
    const { canvas } = ui;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    canvas.dataset.points = JSON.stringify(points);
    const counts = classCounts(points);
    ui.count.textContent = `${plural(points.length, "point")}: ${counts[0]} of class 0, ${counts[1]} of class 1. ${pointsAdvice(points)}`;
    ui.undo.disabled = ui.clear.disabled = points.length === 0;
    if (!width || !height) return; // closed: drawn when opened
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.fillStyle = "#fbfbfd";
    g.fillRect(0, 0, width, height);
    g.lineWidth = 1;
    for (const t of [-0.5, 0, 0.5]) {
      const { px, py } = toPixel(t, t, width, height);
      g.strokeStyle = t === 0 ? "#9aa1b3" : "#e3e6ee";
      g.beginPath();
      g.moveTo(px, 0); g.lineTo(px, height);
      g.moveTo(0, py); g.lineTo(width, py);
      g.stroke();
    }
    // Axis names where few points go: by the ends of the axes, inside the plane.
    g.fillStyle = "#5d6479";
    g.font = "11px system-ui, sans-serif";
    g.textAlign = "right";
    g.fillText("x1", width - 4, height / 2 - 4);
    g.textAlign = "left";
    g.fillText("x2", width / 2 + 4, 12);
    for (const p of points) {
      const { px, py } = toPixel(p.x1, p.x2, width, height);
      g.beginPath();
      g.arc(px, py, POINT_RADIUS, 0, 2 * Math.PI);
      g.fillStyle = css(labelColor(p.label));
      g.fill();
      g.strokeStyle = "#fff";
      g.stroke();
    }
  }

  function pointsChanged() {
    ui.text.value = points.length ? pointsCsv(points) : "";
    ui.targets.value = "1";
    if (ui.name.value === "my data" || ui.name.value === "") ui.name.value = "my points";
    drawPlane();
    schedule();
  }

  ui.canvas.addEventListener("click", (event) => {
    const { canvas } = ui;
    const box = canvas.getBoundingClientRect();
    const chosen = ui.radios[1].checked ? 1 : 0;
    const point = toPlane(event.clientX - box.left - canvas.clientLeft, event.clientY - box.top - canvas.clientTop,
      canvas.clientWidth, canvas.clientHeight);
    points.push({ ...point, label: clickedClass(chosen, event.shiftKey) });
    pointsChanged();
  });
  ui.undo.addEventListener("click", () => { points.pop(); pointsChanged(); });
  ui.clear.addEventListener("click", () => { points = []; pointsChanged(); });

  // Typed or pasted text is the data now: the plane no longer shows it.
  ui.text.addEventListener("input", () => { points = []; drawPlane(); schedule(); });
  for (const field of [ui.targets, ui.test]) field.addEventListener("input", schedule);

  ui.file.addEventListener("change", async () => {
    const chosen = ui.file.files[0];
    if (!chosen) return;
    ui.text.value = await chosen.text();
    ui.name.value = chosen.name.replace(/\.[^.]*$/, "").slice(0, 80) || ui.name.value;
    ui.file.value = "";
    points = [];
    drawPlane();
    schedule();
  });

  root.addEventListener("toggle", drawPlane);
  new ResizeObserver(drawPlane).observe(ui.canvas);

  ui.create.addEventListener("click", async () => {
    clearTimeout(timer);
    const info = await actions.uploadData(draft());
    if (info) useDataset(info);
  });

  drawPlane();

  function render(state) {
    const data = state.yourData;
    ui.create.disabled = !ui.text.value.trim() || Boolean(data && data.pending);
    root.dataset.pending = String(Boolean(data && data.pending));
    ui.message.textContent = data && data.error ? data.error : "";
    const info = data && data.preview;
    if (info === shown) return;
    shown = info;
    ui.preview.replaceChildren(...(info ? [...previewSummary(info), previewTable(info)] : []));
    ui.preview.dataset.ready = String(Boolean(info));
  }

  return { render };
}
