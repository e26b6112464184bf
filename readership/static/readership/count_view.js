// Counts one view of this story when the reader actually sees the page (readership/views.py).
// No cookie, nothing about the reader: an empty POST to the address in data-beacon, once per page view.
// A page opened in a background tab counts when it is first shown, not before.
(function () {
  "use strict";
  var script = document.currentScript;
  var address = script && script.getAttribute("data-beacon");
  if (!address || !navigator.sendBeacon) {
    return;
  }
  var sent = false;
  function countIfSeen() {
    if (sent || document.visibilityState !== "visible") {
      return;
    }
    sent = true;
    document.removeEventListener("visibilitychange", countIfSeen);
    navigator.sendBeacon(address);
  }
  document.addEventListener("visibilitychange", countIfSeen);
  countIfSeen();
})();
