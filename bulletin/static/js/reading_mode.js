/*
 * 长辈版 and type size, applied before the page is drawn (loaded in <head>, not deferred, so nothing flashes).
 *
 * The server sends the same HTML to everyone (the reader cache keeps one copy of each page), so the
 * reader's choice lives only in this browser: ?mode=elder or ?mode=standard in the address chooses and is
 * remembered in localStorage, otherwise the remembered choice applies. The result is two attributes on
 * <html>, which css/reading_modes.css is keyed on. No cookie: nothing is sent back to the server.
 */
(function () {
  "use strict";
  var MODE_KEY = "bulletin.readingMode";
  var SIZE_KEY = "bulletin.textSize";
  var MODES = ["standard", "elder"];
  var SIZES = ["0", "1", "2", "3"];

  function stored(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null; // storage switched off: the choice lasts for this page only
    }
  }

  function store(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (error) {
      /* storage switched off or full: the page still changes */
    }
  }

  var root = document.documentElement;
  var asked = new URLSearchParams(window.location.search).get("mode");
  var mode = stored(MODE_KEY);
  if (MODES.indexOf(asked) !== -1) {
    mode = asked;
    store(MODE_KEY, asked);
  }
  var size = stored(SIZE_KEY);
  root.setAttribute("data-reading-mode", MODES.indexOf(mode) !== -1 ? mode : "standard");
  root.setAttribute("data-text-size", SIZES.indexOf(size) !== -1 ? size : "0");

  window.BulletinReading = { MODE_KEY: MODE_KEY, SIZE_KEY: SIZE_KEY, MODES: MODES, SIZES: SIZES, stored: stored, store: store };
})();
