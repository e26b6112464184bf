// Tells the server every minute that this change form is still open, so that
// a colleague opening the same story is told who is editing it.
document.addEventListener("DOMContentLoaded", function () {
  var marker = document.querySelector("[data-heartbeat]");
  if (!marker) {
    return;
  }
  var url = marker.getAttribute("data-heartbeat");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  window.setInterval(function () {
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    }).catch(function () {});
  }, 60000);
});
