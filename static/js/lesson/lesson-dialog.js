// "Copy lesson link": a dialog where a teacher picks what to hide and copies a link that rebuilds
// this network's setup (not its weights: a fresh network from the same seed) with the Training
// card's settings, as a new network for each learner who opens it (lesson-link.js has the format).
import { el } from "../lib/dom.js";
import { HIDEABLE, lessonOf, lessonUrl } from "./lesson-link.js";

const GROUPS = [
  ["panels", "Hide panels"],
  ["sections", "Hide sections of the breakdown"],
  ["controls", "Hide controls"],
];

function speedText(speed) {
  return speed === null || speed === undefined ? "full speed" : `${speed} step${speed === 1 ? "" : "s"} a second`;
}

export function createLessonDialog(openButton, actions, doc = document) {
  const boxes = new Map();
  const fieldsets = GROUPS.map(([group, title]) => {
    const set = el("fieldset", "lesson-group", el("legend", "", title));
    for (const { id, label, group: g } of HIDEABLE) {
      if (g !== group) continue;
      const box = el("input");
      box.type = "checkbox";
      box.value = id;
      box.dataset.hide = id;
      boxes.set(id, box);
      set.append(el("label", "", box, ` ${label}`));
    }
    return set;
  });
  const embed = el("input");
  embed.type = "checkbox";
  embed.dataset.role = "lesson-embed";
  const setup = el("p", "small lesson-setup");
  setup.dataset.role = "lesson-setup";
  const url = el("input");
  Object.assign(url, { type: "text", readOnly: true, spellcheck: false });
  url.dataset.role = "lesson-url";
  url.setAttribute("aria-label", "Lesson link");
  const copy = el("button", "primary", "Copy link");
  copy.type = "button";
  copy.dataset.role = "lesson-copy";
  const close = el("button", "", "Close");
  close.type = "button";
  close.dataset.role = "lesson-close";
  const message = el("p", "form-message small");
  message.dataset.role = "lesson-message";
  message.setAttribute("role", "status");
  const title = el("h2", "", "Lesson link");
  title.id = "lesson-title";
  const dialog = el("dialog", "card lesson-dialog",
    title,
    el("p", "small muted", "Whoever opens it gets a new network of their own with this setup (the seed's "
      + "starting weights, not your trained ones) and these training settings; the same browser opening it "
      + "again resumes its network. A course page may embed it in a frame if the server allows that site."),
    setup,
    el("div", "lesson-groups", ...fieldsets),
    el("label", "small", embed, " Embedded look in a new tab too (adds embed=1; in a frame it is automatic)"),
    el("div", "share-link", el("label", "wide", el("span", "", "Link"), url), copy, close),
    message);
  dialog.dataset.part = "lesson-dialog";
  dialog.setAttribute("aria-labelledby", title.id);
  doc.body.append(dialog);

  let lastState = null;
  let fields = null;
  const tell = (text, kind = "info") => {
    message.textContent = text;
    message.dataset.kind = kind;
  };

  const chosen = () => [...boxes.values()].filter((b) => b.checked).map((b) => b.value);

  function update() {
    if (!lastState?.network || !fields) return;
    const lesson = lessonOf(lastState, fields, chosen());
    const link = lessonUrl(window.location.href, lesson, { embed: embed.checked });
    url.value = link;
    const { network } = lastState;
    const t = lesson.training;
    setup.textContent = `${network.layers.join("-")}, ${network.dataset ?? "no data set"}, seed ${network.seed}; `
      + `learning rate ${t.learning_rate}, batch size ${t.batch_size}, ${speedText(t.speed)}.`;
    const most = lastState.limits ? lastState.limits.max_lesson_chars : Infinity;
    const length = new URL(link).searchParams.get("lesson").length;
    copy.disabled = length > most;
    if (length > most) tell(`This lesson is ${length} characters long; a link holds at most ${most}.`, "error");
    else if (message.dataset.kind === "error") tell("");
  }

  openButton.addEventListener("click", async () => {
    // Start from what the page hides now, so a lesson can be adjusted and passed on.
    for (const [id, box] of boxes) box.checked = (lastState?.lessonHide || []).includes(id);
    tell("");
    url.value = "";
    dialog.showModal();
    try {
      fields = await actions.lessonFields();
      update();
    } catch (error) {
      tell(`The link cannot be made: ${error.message}.`, "error");
    }
  });
  dialog.addEventListener("change", update);
  close.addEventListener("click", () => dialog.close());
  copy.addEventListener("click", async () => {
    url.focus();
    url.select();
    try {
      await navigator.clipboard.writeText(url.value);
      tell("Lesson link copied.");
    } catch {
      // The clipboard API needs a secure context (https or localhost); the text stays selected.
      tell("Press Ctrl+C (or Cmd+C) to copy the selected link.");
    }
  });

  return {
    render(state) {
      lastState = state;
      openButton.disabled = !state.network;
      if (dialog.open && url.value) update();
    },
  };
}
