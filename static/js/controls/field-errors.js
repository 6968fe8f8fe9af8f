// One control's error, drawn right under it: an alert the screen reader announces, tied to the
// control by aria-describedby, and the control marked aria-invalid while it holds a refused value.

let made = 0;

/** The message element that belongs to `input`, made once, right after `anchor` (default: the input's label). */
function messageOf(input, anchor) {
  const id = input.dataset.errorId;
  if (id) return document.getElementById(id);
  const message = document.createElement("p");
  message.className = "field-error";
  message.id = `field-error-${++made}`;
  message.setAttribute("role", "alert");
  message.setAttribute("aria-live", "assertive");
  message.dataset.fieldError = input.name || input.dataset.role || "";
  message.hidden = true;
  (anchor || input.closest("label") || input).after(message);
  input.dataset.errorId = message.id;
  const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  input.setAttribute("aria-describedby", described.concat(message.id).join(" "));
  return message;
}

const sentence = (text) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : "");

/** Shows `text` beside `input` ("" clears it); `anchor`: the element the message follows. */
export function showFieldError(input, text, anchor = null) {
  const message = messageOf(input, anchor);
  const shown = sentence(text);
  if (message.textContent !== shown) message.textContent = shown;
  // Every render of the training card comes here: an unchanged hidden or aria-invalid is not rewritten.
  if (message.hidden !== !shown) message.hidden = !shown;
  if (!shown) input.removeAttribute("aria-invalid");
  else if (input.getAttribute("aria-invalid") !== "true") input.setAttribute("aria-invalid", "true");
}
