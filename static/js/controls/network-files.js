// Save, open, share: the network as a JSON file (export/import) and a link that opens a copy.
import { api } from "../api/api.js";
import { fieldError } from "../state/field-errors.js";
import { setAttr, setDisabled, setHidden } from "../lib/quiet-writes.js";

export function createNetworkFiles(root, actions) {
  const exportLink = root.querySelector("[data-role=export]");
  const importInput = root.querySelector("[data-role=import]");
  const shareButton = root.querySelector("[data-role=share]");
  const shareBox = root.querySelector("[data-role=share-link]");
  const shareUrl = root.querySelector("[data-role=share-url]");
  const copyButton = root.querySelector("[data-role=share-copy]");
  const message = root.querySelector("[data-role=files-message]");
  let maxBytes = Infinity;
  let lastState = null;

  const tell = (text, kind = "info") => {
    message.textContent = text;
    message.dataset.kind = kind;
  };

  importInput.addEventListener("change", async () => {
    const file = importInput.files[0];
    importInput.value = ""; // choosing the same file again must fire "change" again
    if (!file) return;
    if (file.size > maxBytes) {
      tell(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB; the server takes files up to ${(maxBytes / 1048576).toFixed(0)} MB.`, "error");
      return;
    }
    let doc;
    try {
      doc = JSON.parse(await file.text());
    } catch (error) {
      tell(`${file.name} is not JSON (${error.message}). Choose a file saved with "Download as JSON".`, "error");
      return;
    }
    tell(`Opening ${file.name}…`);
    const network = await actions.importNetwork(doc);
    // The server's reason sits here, beside the button that sent the file (state/field-errors.js).
    const refused = lastState ? fieldError(lastState, "files") : "";
    tell(network ? `Opened ${file.name} as a new network.`
      : `${file.name} was not opened: ${refused || "see the message at the top"}.`, network ? "info" : "error");
  });

  shareButton.addEventListener("click", async () => {
    const link = await actions.share();
    if (link) tell("Anyone with this link gets a copy of the network as it is now.");
  });

  copyButton.addEventListener("click", async () => {
    shareUrl.select();
    try {
      await navigator.clipboard.writeText(shareUrl.value);
      tell("Link copied.");
    } catch {
      // The clipboard API needs a secure context (https or localhost); the text stays selected.
      tell("Press Ctrl+C (or Cmd+C) to copy the selected link.");
    }
  });

  return {
    render(state) {
      lastState = state;
      maxBytes = state.limits ? state.limits.max_body_bytes : Infinity;
      const { network, shareLink } = state;
      exportLink.href = network ? api.exportUrl(network.id) : "#";
      setAttr(exportLink, "aria-disabled", network ? "false" : "true");
      setDisabled(shareButton, !network);
      const current = shareLink && network && shareLink.networkId === network.id ? shareLink : null;
      setHidden(shareBox, !current);
      if (current && shareUrl.value !== current.url) shareUrl.value = current.url;
      if (current) shareBox.dataset.step = String(current.step);
    },
  };
}
