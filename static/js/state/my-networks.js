// The learner's own networks, by id, kept in the browser: a share link, a new network or an import
// joins the list instead of replacing what was there, and the learner switches, renames (a name
// kept only here) and forgets. Pure functions over the list, plus reading and writing it.

const LIST_KEY = "backprop-lab:my-networks";
/** The one id the page kept before it kept a list: read once so an earlier network is not lost. */
export const CURRENT_KEY = "backprop-lab:network-id";
export const MAX_NAME = 60;
/** Ids are the server's 22-character tokens; anything else in storage is not one of ours. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const cleanName = (name) => (typeof name === "string" ? name.trim().slice(0, MAX_NAME) : "");

/** The list as stored, without malformed or repeated entries; the old single id joins it. */
export function parseList(text, currentId = null) {
  let raw;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = null;
  }
  const list = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    if (entry && typeof entry.id === "string" && ID.test(entry.id) && !list.some((e) => e.id === entry.id)) {
      list.push({ id: entry.id, name: cleanName(entry.name) });
    }
  }
  return currentId && ID.test(currentId) ? remembered(list, currentId) : list;
}

/** The list with `id` in it (at the end when new); an entry already there keeps its place and name. */
export function remembered(list, id) {
  return list.some((e) => e.id === id) ? list : [...list, { id, name: "" }];
}

/** The list with `id` named `name` (an empty name goes back to describing the network). */
export const renamed = (list, id, name) => list.map((e) => (e.id === id ? { ...e, name: cleanName(name) } : e));

export const forgotten = (list, id) => list.filter((e) => e.id !== id);

export function loadList(storage) {
  return parseList(storage.getItem(LIST_KEY), storage.getItem(CURRENT_KEY));
}

export function saveList(storage, list, currentId) {
  storage.setItem(LIST_KEY, JSON.stringify(list.map(({ id, name }) => ({ id, name }))));
  if (currentId) storage.setItem(CURRENT_KEY, currentId);
  else storage.removeItem(CURRENT_KEY);
}
