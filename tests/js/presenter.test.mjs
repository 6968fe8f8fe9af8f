// Presenter mode in the address: ?present=1 turns it on, and the toggle writes it back without
// touching the rest of the address (a share link's ?share= stays).
import { test } from "node:test";
import assert from "node:assert/strict";
import { addressWithPresenter, presenterFromSearch } from "../../static/js/controls/presenter.js";

test("?present=1 (or any value but an explicit no) asks for presenter mode", () => {
  assert.equal(presenterFromSearch("?present=1"), true);
  assert.equal(presenterFromSearch("?present"), true);
  assert.equal(presenterFromSearch("?share=abc&present=yes"), true);
  assert.equal(presenterFromSearch(""), false);
  assert.equal(presenterFromSearch("?share=abc"), false);
  for (const no of ["0", "false", "No", "off"]) assert.equal(presenterFromSearch(`?present=${no}`), false, no);
});

test("the toggle adds or removes ?present=1 and keeps everything else", () => {
  assert.equal(addressWithPresenter("http://h:8000/", true), "http://h:8000/?present=1");
  assert.equal(addressWithPresenter("http://h:8000/?share=abc#x", true), "http://h:8000/?share=abc&present=1#x");
  assert.equal(addressWithPresenter("http://h:8000/?share=abc&present=1", false), "http://h:8000/?share=abc");
  assert.equal(addressWithPresenter("http://h:8000/?present=1", false), "http://h:8000/");
  assert.equal(addressWithPresenter("http://h:8000/?present=1", true), "http://h:8000/?present=1");
});
