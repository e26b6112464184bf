/*
 * The reader's controls on every page: the 长辈版 switch, the 字号 buttons and the share panel's 复制链接.
 * Deferred: the mode itself was already applied in <head> by reading_mode.js; this only wires the buttons.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var reading = window.BulletinReading;
  if (!reading) return;

  var elderSwitch = document.querySelector("[data-reading-mode-switch]");
  var sizeButtons = Array.prototype.slice.call(document.querySelectorAll("[data-text-size-choice]"));

  function showState() {
    var elder = root.getAttribute("data-reading-mode") === "elder";
    if (elderSwitch) elderSwitch.setAttribute("aria-pressed", String(elder));
    var size = root.getAttribute("data-text-size");
    sizeButtons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-text-size-choice") === size));
    });
  }

  function forgetModeInAddress() {
    // After the switch is used, reloading or copying the address should not undo the reader's choice.
    var url = new URL(window.location.href);
    if (!url.searchParams.has("mode")) return;
    url.searchParams.delete("mode");
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }

  function setMode(mode) {
    root.setAttribute("data-reading-mode", mode);
    reading.store(reading.MODE_KEY, mode);
    forgetModeInAddress();
    showState();
  }

  function setSize(size) {
    root.setAttribute("data-text-size", size);
    reading.store(reading.SIZE_KEY, size);
    showState();
  }

  if (elderSwitch) {
    elderSwitch.addEventListener("click", function () {
      setMode(root.getAttribute("data-reading-mode") === "elder" ? "standard" : "elder");
    });
  }
  sizeButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      setSize(button.getAttribute("data-text-size-choice"));
    });
  });

  // Another tab changed the choice: follow it, so two open pages never disagree.
  window.addEventListener("storage", function (event) {
    if (event.key === reading.MODE_KEY && reading.MODES.indexOf(event.newValue) !== -1) {
      root.setAttribute("data-reading-mode", event.newValue);
    } else if (event.key === reading.SIZE_KEY && reading.SIZES.indexOf(event.newValue) !== -1) {
      root.setAttribute("data-text-size", event.newValue);
    }
    showState();
  });

  showState();

  // 复制链接: the share panel's button, shown only where the clipboard can be written.
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-from]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field || !navigator.clipboard || !window.isSecureContext) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          if (status) status.textContent = "已复制链接：" + field.value;
        },
        function () {
          field.select();
          if (status) status.textContent = "无法自动复制，链接已选中，请按 Ctrl+C 或长按复制。";
        }
      );
    });
  });
})();
