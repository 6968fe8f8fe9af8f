// "My networks": the learner's networks kept in this browser, to switch between, rename and forget
// (actions in state/network-list-actions.js). The one on show is marked; one the server no longer
// has says so and can only be forgotten.
import { el } from "../lib/dom.js";
import { plural } from "../lib/format.js";

function describe(network) {
  const steps = plural(network.step, "step");
  return `${network.layers.join("-")} · ${network.dataset || "no data set"} · ${steps}`;
}

export function createMyNetworksView(root, actions) {
  const list = root.querySelector("[data-role=network-list]");
  let editing = null; // the id whose name is being typed: the view's own, not the page's state
  let last = null;

  function button(text, role, onClick, attributes = {}) {
    const b = el("button", "small-button", text);
    b.type = "button";
    b.dataset.role = role;
    for (const [name, v] of Object.entries(attributes)) b.setAttribute(name, v);
    b.addEventListener("click", onClick);
    return b;
  }

  function nameEditor(entry, redraw) {
    const input = el("input", "rename-input");
    input.type = "text";
    input.value = entry.name;
    input.maxLength = 60;
    input.dataset.role = "rename-input";
    input.setAttribute("aria-label", "Name for this network (kept in this browser only)");
    input.placeholder = entry.network ? describe(entry.network) : "name";
    const done = (save) => {
      if (editing !== entry.id) return;
      editing = null;
      if (save) actions.renameNetwork(entry.id, input.value);
      else redraw();
    };
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") done(true);
      if (event.key === "Escape") {
        event.stopPropagation();
        done(false);
      }
    });
    input.addEventListener("blur", () => done(true));
    queueMicrotask(() => input.focus());
    return input;
  }

  function item(entry, currentId, redraw) {
    const current = entry.id === currentId;
    const li = el("li", "my-network");
    // Not data-network-id: that names the network on show (the drawing's), and must stay unique.
    li.dataset.listedId = entry.id;
    li.dataset.current = String(current);
    li.dataset.gone = String(entry.gone);
    const label = entry.name || (entry.network ? describe(entry.network) : entry.gone ? "a network" : "loading…");
    const title = editing === entry.id ? nameEditor(entry, redraw)
      : button(label, "switch", () => actions.switchNetwork(entry.id), {
        ...(current ? { "aria-current": "true" } : {}),
        ...(entry.gone ? { disabled: "" } : {}),
        title: current ? "The network on show" : `Show this network (id ${entry.id})`,
      });
    title.classList.add("network-title");
    const detail = entry.gone ? "gone from the server (expired or deleted)"
      : `${entry.name && entry.network ? describe(entry.network) : `id ${entry.id.slice(0, 6)}…`}${current ? " · on show" : ""}`;
    const tools = el("span", "my-network-tools",
      button("Rename", "rename", () => { editing = entry.id; redraw(); }, entry.gone ? { disabled: "" } : {}),
      button("Forget", "forget", () => actions.forgetNetwork(entry.id), current
        ? { disabled: "", title: "Switch to another network first" } : { title: "Take it off this list" }));
    li.append(title, el("span", "my-network-detail small muted", detail), tools);
    return li;
  }

  let latest = null; // the newest state, so a redraw after a rename draws the list as it is now

  function draw(state) {
    const currentId = state.network ? state.network.id : null;
    const redraw = () => draw(latest);
    list.replaceChildren(...state.myNetworks.map((entry) => item(entry, currentId, redraw)));
  }

  return {
    render(state) {
      latest = state;
      // A name being typed is not redrawn away; the list catches up when it is saved or dropped.
      if (editing) return;
      if (last && last.myNetworks === state.myNetworks && last.network === state.network) return;
      last = { myNetworks: state.myNetworks, network: state.network };
      draw(state);
    },
  };
}
