// What a lesson link hides, drawn from the state's `lessonHide` (the ids of lesson-link.js's
// HIDEABLE), and the embedded look (in a frame, or ?embed=1). Hidden parts get the class
// `lesson-hidden` (lesson.css: display none), so their room goes to the rest; a column left with
// nothing to show is named on the layout (`data-lesson-without`) and the grid closes over it.
import { HIDEABLE, decodeLesson, isEmbedded, lessonText } from "./lesson-link.js";

/** The ids a page opened at `search` hides from its first paint (before the limits are known). */
export function hiddenFromSearch(search) {
  const text = lessonText(search);
  if (text === null) return [];
  const { lesson } = decodeLesson(text);
  return lesson ? lesson.hide : [];
}

export function createLessonView(doc = document, { search = window.location.search, framed = window.top !== window.self } = {}) {
  const root = doc.documentElement;
  root.dataset.embedded = String(isEmbedded(search, framed));
  const layout = doc.querySelector(".layout");
  let shown = null;

  function apply(hide) {
    for (const element of doc.querySelectorAll(".lesson-hidden")) element.classList.remove("lesson-hidden");
    for (const { id, selector } of HIDEABLE) {
      if (!hide.includes(id)) continue;
      for (const element of doc.querySelectorAll(selector)) element.classList.add("lesson-hidden");
    }
    const without = [];
    for (const [name, column] of [["sidebar", layout.querySelector(".sidebar")], ["stage", layout.querySelector(".stage")]]) {
      if ([...column.children].every((child) => child.classList.contains("lesson-hidden"))) {
        column.classList.add("lesson-hidden");
        without.push(name);
      }
    }
    if (layout.querySelector(".breakdown").classList.contains("lesson-hidden")) without.push("breakdown");
    layout.dataset.lessonWithout = without.join(" ");
    root.dataset.lessonHidden = hide.join(" ");
  }

  return {
    render(state) {
      const hide = state.lessonHide || [];
      const key = hide.join(" ");
      if (key === shown) return;
      shown = key;
      apply(hide);
      // The drawing and the pictures measure their boxes: the room they have just changed.
      window.dispatchEvent(new Event("resize"));
    },
  };
}
