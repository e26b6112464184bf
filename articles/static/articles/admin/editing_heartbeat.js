// Keeps an editable story form counted as "being edited" and shows who else
// is editing it: the form reports in every few seconds and is told the others;
// when the tab closes or navigates away it sends a beacon that ends its presence
// (a form that goes quiet without one drops out after two missed heartbeats).
(function () {
  "use strict";

  function start(region) {
    var heartbeatUrl = region.getAttribute("data-presence-heartbeat");
    var stopUrl = region.getAttribute("data-presence-stop");
    var interval = parseInt(region.getAttribute("data-presence-interval"), 10) || 25000;
    // The moment the server last recorded this page; a beacon ends presence only
    // if nothing newer (this story reloaded, or open in another tab) renewed it.
    var seenAt = region.getAttribute("data-presence-seen-at") || "";
    var list = region.querySelector("ul");
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    var csrf = token ? token.value : "";
    var timer = null;

    function show(others) {
      var shown = Array.prototype.map.call(list.children, function (item) {
        return item.textContent;
      });
      // Rewriting identical text would make screen readers announce it again.
      if (shown.join("\n") === others.join("\n")) {
        return;
      }
      list.replaceChildren.apply(
        list,
        others.map(function (text) {
          var item = document.createElement("li");
          item.className = "warning";
          item.textContent = text;
          return item;
        })
      );
    }

    function beat() {
      fetch(heartbeatUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf },
      })
        .then(function (response) {
          if (response.status === 403 || response.status === 404) {
            // No longer this person's to open (deleted, or taken out of their hands): nothing to report.
            stop();
          }
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          if (!answer) {
            return;
          }
          show(answer.others);
          if (answer.editing) {
            seenAt = answer.seen_at;
          } else {
            // The story left this person's hands while the form was open.
            stop();
          }
        })
        .catch(function () {});
    }

    function stop() {
      window.clearInterval(timer);
      timer = null;
    }

    function go() {
      if (timer === null) {
        timer = window.setInterval(beat, interval);
      }
    }

    window.addEventListener("pagehide", function () {
      stop();
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrf);
      body.append("seen_at", seenAt);
      navigator.sendBeacon(stopUrl, body);
    });
    window.addEventListener("pageshow", function (event) {
      // Back from the browser's page cache: the beacon has ended presence, so report in at once.
      if (event.persisted) {
        beat();
        go();
      }
    });
    go();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var region = document.querySelector("[data-presence-heartbeat]");
    if (region) {
      start(region);
    }
  });
})();
